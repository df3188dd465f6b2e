/**
 * Issue 19, contacts: a contact's page (its data and channel identities) with editable email and phone,
 * phone search in national formats, and the CSV import's update mode, preview and column mapping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;

const get = (path: string) => adminFetch(app.url, cookie, path);
const patch = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'PATCH', body: JSON.stringify(body) });
const importCsv = (csv: string, options = '') =>
  adminFetch(app.url, cookie, `/api/admin/contacts/import${options}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', origin: app.url },
    body: csv,
  });
const names = (body: { items: { name: string }[] }) => body.items.map((c) => c.name).sort();
const search = async (query: string) =>
  names((await get(`/api/admin/contacts?query=${encodeURIComponent(query)}`)).body);

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
  const seeded = await importCsv(
    [
      'name,email,phone,tags',
      'Aïcha Benali,aicha@example.com,+41791234567,yoga',
      'Marc Rossi,,+33612345678,',
    ].join('\n'),
  );
  expect(seeded.body).toEqual({ imported: 2, refused: [] });
});

afterAll(async () => {
  await app?.stop();
});

describe('phone search', () => {
  it('finds a number typed in its national or international format, with any separators', async () => {
    for (const query of [
      '079 123',
      '0791234567',
      '079/123 45 67',
      '+41 79 123',
      '0041 79 123 45',
      '79 123 45',
    ]) {
      expect(await search(query), query).toEqual(['Aïcha Benali']);
    }
    expect(await search('+33 6 12 34')).toEqual(['Marc Rossi']);
    expect(await search('078 999')).toEqual([]);
  });
});

describe('contact page', () => {
  let aicha: { id: string };
  beforeAll(async () => {
    [aicha] = (await get('/api/admin/contacts?query=aicha')).body.items;
  });

  it('reads one contact with its identities', async () => {
    const response = await get(`/api/admin/contacts/${aicha.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: aicha.id, name: 'Aïcha Benali', email: 'aicha@example.com' });
    expect(Array.isArray(response.body.identities)).toBe(true);
    expect((await get('/api/admin/contacts/nope')).status).toBe(404);
  });

  it('edits the email and the phone (normalized, unverified) and clears them with null', async () => {
    const edited = await patch(`/api/admin/contacts/${aicha.id}`, {
      email: ' Aicha.B@Example.com ',
      phone: '078 765 43 21',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      email: 'Aicha.B@Example.com',
      emailVerified: false,
      phone: '+41787654321',
      phoneVerified: false,
    });
    expect(await search('078 765')).toEqual(['Aïcha Benali']);
    const cleared = await patch(`/api/admin/contacts/${aicha.id}`, { email: null, phone: '' });
    expect(cleared.body).toMatchObject({ email: null, phone: null });
  });

  it('refuses a bad email or phone naming the field, and changes nothing', async () => {
    await patch(`/api/admin/contacts/${aicha.id}`, { phone: '+41791234567' });
    for (const [body, field] of [
      [{ email: 'not-an-email' }, 'email'],
      [{ phone: '12' }, 'phone'],
      [{ phone: 'abc', name: 'Changed' }, 'phone'],
    ] as const) {
      const response = await patch(`/api/admin/contacts/${aicha.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await get(`/api/admin/contacts/${aicha.id}`)).body).toMatchObject({
      name: 'Aïcha Benali',
      phone: '+41791234567',
    });
  });
});

describe('CSV import: update, preview, mapping', () => {
  it('still refuses known contacts unless asked to update them', async () => {
    const csv = 'name,email,tags\nAïcha B.,AICHA.B@example.com,newsletter\n';
    await patch(`/api/admin/contacts/${(await get('/api/admin/contacts?query=aicha')).body.items[0].id}`, {
      email: 'aicha.b@example.com',
    });
    // Without the option, the report keeps its shape: no `updated`.
    expect((await importCsv(csv)).body).toEqual({
      imported: 0,
      refused: [{ row: 1, reason: 'already exists' }],
    });
    const updated = await importCsv(csv, '?update=true');
    expect(updated.body).toEqual({ imported: 0, updated: 1, refused: [] });
    const [aicha] = (await get('/api/admin/contacts?query=aicha')).body.items;
    // The new tag is added to the old ones; the name is the file's.
    expect(aicha).toMatchObject({ name: 'Aïcha B.', tags: ['yoga', 'newsletter'] });
  });

  it('matches by phone too, and fills an empty email', async () => {
    const byPlus = await importCsv(
      'name,email,phone,tags\nMarc,marc@example.com,+33 6 12 34 56 78,vip\n',
      '?update=true',
    );
    expect(byPlus.body).toEqual({ imported: 0, updated: 1, refused: [] });
    expect((await get('/api/admin/contacts?query=rossi')).body.items).toEqual([]);
    const [marc] = (await get(`/api/admin/contacts?query=${encodeURIComponent('+33612345678')}`)).body.items;
    expect(marc).toMatchObject({ name: 'Marc', email: 'marc@example.com', tags: ['vip'] });
  });

  it('previews what an import would do without writing anything', async () => {
    const before = (await get('/api/admin/contacts')).body.total;
    const csv =
      'Full name;Mail;Mobile;Labels\nNina Neu;nina@example.com;079 111 22 33;a\nAïcha;aicha.b@example.com;;b\nBad;x;;\n';
    const preview = await importCsv(
      csv,
      `?preview=true&update=true&columns=${encodeURIComponent(
        JSON.stringify({ name: 'Full name', email: 'Mail', phone: 'Mobile', tags: 'Labels' }),
      )}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      headers: ['Full name', 'Mail', 'Mobile', 'Labels'],
      columns: { name: 'Full name', email: 'Mail', phone: 'Mobile', tags: 'Labels' },
      imported: 1,
      updated: 1,
      refused: [{ row: 3, reason: expect.stringMatching(/^email/) }],
    });
    expect(preview.body.rows).toEqual([
      {
        row: 1,
        name: 'Nina Neu',
        email: 'nina@example.com',
        phone: '079 111 22 33',
        tags: 'a',
        action: 'create',
      },
      { row: 2, name: 'Aïcha', email: 'aicha.b@example.com', phone: '', tags: 'b', action: 'update' },
      { row: 3, name: 'Bad', email: 'x', phone: '', tags: '', action: 'refuse', reason: expect.any(String) },
    ]);
    expect((await get('/api/admin/contacts')).body.total).toBe(before);
    expect(await search('Nina')).toEqual([]);
  });

  it('guesses the columns from the header, and shows the headers when it cannot find the name', async () => {
    const preview = await importCsv('Vorname,Telefon\nUrs,079 222 33 44\n', '?preview=true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      headers: ['Vorname', 'Telefon'],
      columns: { name: null },
      rows: [],
    });
    const refused = await importCsv('Vorname,Telefon\nUrs,079 222 33 44\n');
    expect(refused.status).toBe(400);
    // Without a choice of columns it is the file's fault, as before; with one, the choice's.
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'file' });
    const unchosen = await importCsv('Vorname\nUrs\n', `?columns=${encodeURIComponent('{"name":null}')}`);
    expect(unchosen.body.error).toMatchObject({ code: 'validation_failed', field: 'columns.name' });
    const mapped = await importCsv(
      'Vorname,Telefon\nUrs,079 222 33 44\n',
      `?columns=${encodeURIComponent(JSON.stringify({ name: 'Vorname', phone: 'Telefon' }))}`,
    );
    expect(mapped.body).toEqual({ imported: 1, refused: [] });
    expect(await search('079 222')).toEqual(['Urs']);
  });

  it('refuses a mapping to a column the file does not have, naming it', async () => {
    const response = await importCsv(
      'name\nX\n',
      `?columns=${encodeURIComponent(JSON.stringify({ name: 'name', phone: 'Tel' }))}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'columns.phone' });
    for (const bad of ['?columns=notjson', '?update=maybe', '?preview=2']) {
      const answer = await importCsv('name\nX\n', bad);
      expect(answer.status, bad).toBe(400);
    }
    expect(await search('X')).not.toContain('X');
  });
});
