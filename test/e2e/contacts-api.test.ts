import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../core/repositories.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;

const get = (path: string) => adminFetch(app.url, cookie, path);
const patch = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'PATCH', body: JSON.stringify(body) });
const importCsv = (csv: string, contentType = 'text/csv') =>
  adminFetch(app.url, cookie, '/api/admin/contacts/import', {
    method: 'POST',
    // Not JSON: sent with the panel's Origin, as a browser does (CSRF guard).
    headers: { 'content-type': contentType, origin: app.url },
    body: csv,
  });
const exportCsv = async () => {
  const response = await fetch(`${app.url}/api/admin/contacts/export.csv`, { headers: { cookie } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
};
const byTag = async (tag: string) =>
  (await get(`/api/admin/contacts?tag=${encodeURIComponent(tag)}&limit=200`)).body;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('import', () => {
  it('imports the good rows, normalizes phones to E.164 and reports the refused ones', async () => {
    const csv = [
      'Name,EMAIL,Phone,Tags',
      'Aïcha Benali,aicha@example.com,079 123 45 67,yoga; Yoga;  pilates ',
      ',nobody@example.com,,import1',
      'Bad Mail,not-an-email,,import1',
      'Bad Phone,,12,import1',
      'Marc Rossi,,+33 6 12 34 56 78,"import1,vip"',
      'Dup Mail,AICHA@example.com,,import1',
      'Dup Phone,,+41791234567,import1',
    ].join('\n');
    const response = await importCsv(csv);
    expect(response.status).toBe(200);
    expect(response.body.imported).toBe(2);
    expect(response.body.refused).toEqual([
      { row: 2, reason: expect.stringMatching(/^name/) },
      { row: 3, reason: expect.stringMatching(/^email/) },
      { row: 4, reason: expect.stringMatching(/^phone: too short/) },
      { row: 6, reason: 'already exists' },
      { row: 7, reason: 'already exists' },
    ]);
    const aicha = (await get('/api/admin/contacts?query=aicha')).body.items;
    expect(aicha).toHaveLength(1);
    expect(aicha[0]).toMatchObject({
      name: 'Aïcha Benali',
      email: 'aicha@example.com',
      phone: '+41791234567',
      tags: ['yoga', 'pilates'],
    });
    const marc = (await get('/api/admin/contacts?query=rossi')).body.items[0];
    expect(marc).toMatchObject({ phone: '+33612345678', tags: ['import1', 'vip'] });
  });

  it('refuses rows already in the book on a second import', async () => {
    const response = await importCsv('name,email\nAïcha again,aicha@example.com\n');
    expect(response.body).toEqual({ imported: 0, refused: [{ row: 1, reason: 'already exists' }] });
  });

  it('reads semicolon-separated files and a BOM, with only a name column needed', async () => {
    const response = await importCsv('\uFEFFname;tags\nZoé Semi;semi,colon\n');
    expect(response.body).toEqual({ imported: 1, refused: [] });
    expect((await byTag('semi')).items[0]).toMatchObject({ name: 'Zoé Semi', tags: ['semi', 'colon'] });
  });

  it('answers 400 on a CSV that cannot be read, and imports nothing', async () => {
    const before = (await get('/api/admin/contacts')).body.total;
    const broken = await importCsv('name,email\nGood Row,good@example.com\n"Unclosed,x@example.com\n');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'validation_failed', field: 'file' });
    const noName = await importCsv('email\nx@example.com\n');
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatchObject({ code: 'validation_failed', field: 'file' });
    expect(noName.body.error.message).toMatch(/name/);
    expect((await get('/api/admin/contacts')).body.total).toBe(before);
  });

  it('imports nothing when the transaction fails part way', async () => {
    const store = app.kora.store;
    const transaction = store.transaction.bind(store);
    store.transaction = (<T>(work: (tx: Repositories) => Promise<T>) =>
      transaction((tx) => {
        let created = 0;
        const contacts = {
          ...tx.contacts,
          create: async (contact: Parameters<typeof tx.contacts.create>[0]) => {
            if (++created === 2) throw new Error('disk full');
            return tx.contacts.create(contact);
          },
        };
        return work({ ...tx, contacts });
      })) as typeof store.transaction;
    try {
      const response = await importCsv('name,tags\nFirst,atomic\nSecond,atomic\n');
      expect(response.status).toBe(500);
    } finally {
      store.transaction = transaction;
    }
    expect((await byTag('atomic')).total).toBe(0);
  });

  it('imports a multipart upload (field "file") with accents intact', async () => {
    const form = new FormData();
    form.append('note', 'ignored');
    form.append(
      'file',
      new Blob(['name,email,tags\nZoé Œuvray,zoe@example.com,multipart\n'], { type: 'text/csv' }),
      'contacts.csv',
    );
    const response = await fetch(`${app.url}/api/admin/contacts/import`, {
      method: 'POST',
      headers: { cookie, origin: app.url },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 1, refused: [] });
    expect((await byTag('multipart')).items).toMatchObject([
      { name: 'Zoé Œuvray', email: 'zoe@example.com' },
    ]);
  });

  it('refuses a multipart body without the file field, naming it, and changes nothing', async () => {
    const before = (await get('/api/admin/contacts?limit=1')).body.total;
    const form = new FormData();
    form.append('upload', new Blob(['name\nSomeone\n'], { type: 'text/csv' }), 'contacts.csv');
    const response = await fetch(`${app.url}/api/admin/contacts/import`, {
      method: 'POST',
      headers: { cookie, origin: app.url },
      body: form,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'validation_failed', field: 'file' });
    expect((await get('/api/admin/contacts?limit=1')).body.total).toBe(before);
  });

  it('answers 415 for other body types', async () => {
    const json = await adminFetch(app.url, cookie, '/api/admin/contacts/import', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
    });
    expect(json.status).toBe(415);
    expect(json.body.error.message).toMatch(/text\/csv/);
  });

  it('leaves an audit entry', async () => {
    const log = (await get('/api/admin/audit-log')).body.items as { action: string }[];
    expect(log.some((entry) => entry.action === 'contacts.import')).toBe(true);
  });
});

describe('list', () => {
  beforeAll(async () => {
    const rows = Array.from({ length: 7 }, (_, i) => `Pager ${i},,,pager`);
    await importCsv(['name,email,phone,tags', ...rows].join('\n'));
  });

  it('searches ignoring accents and case, on name, email and phone', async () => {
    for (const query of ['aicha', 'AÏCHA', 'benali', 'aicha@example', '791234567']) {
      const found = (await get(`/api/admin/contacts?query=${encodeURIComponent(query)}`)).body;
      expect(found.items.map((c: { name: string }) => c.name)).toEqual(['Aïcha Benali']);
    }
  });

  it('filters by tag and pages with totals', async () => {
    expect((await byTag('vip')).items.map((c: { name: string }) => c.name)).toEqual(['Marc Rossi']);
    const first = (await get('/api/admin/contacts?tag=pager&limit=3')).body;
    expect(first).toMatchObject({ total: 7, page: 1, limit: 3 });
    expect(first.items).toHaveLength(3);
    const last = (await get('/api/admin/contacts?tag=pager&limit=3&page=3')).body;
    expect(last).toMatchObject({ total: 7, page: 3, limit: 3 });
    expect(last.items).toHaveLength(1);
    const names = new Set(
      [first, (await get('/api/admin/contacts?tag=pager&limit=3&page=2')).body, last].flatMap((p) =>
        p.items.map((c: { name: string }) => c.name),
      ),
    );
    expect(names.size).toBe(7);
    expect((await get('/api/admin/contacts')).body.limit).toBe(50);
  });

  it('names the field of a bad query', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['page=0', 'page'],
      ['sort=name', 'sort'],
    ]) {
      const response = await get(`/api/admin/contacts?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
  });
});

describe('patch', () => {
  it('renames and retags, trimming and deduplicating tags with their case kept', async () => {
    const [marc] = (await byTag('vip')).items;
    const response = await patch(`/api/admin/contacts/${marc.id}`, {
      name: '  Marc R.  ',
      tags: [' VIP ', 'vip', 'Golf'],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: marc.id, name: 'Marc R.', tags: ['VIP', 'Golf'] });
    expect((await byTag('Golf')).items[0].name).toBe('Marc R.');
  });

  it('names the field at fault and changes nothing', async () => {
    const [marc] = (await byTag('Golf')).items;
    const cases: [unknown, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ tags: 'golf' }, 'tags'],
      [{ tags: [''] }, 'tags.0'],
      [{ tags: ['x'.repeat(41)] }, 'tags.0'],
      [{ tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, 'tags'],
      // Email and phone became editable (issue 19): a bad one is refused; an unknown field still is.
      [{ email: 'not an email' }, 'email'],
      [{ phone: '12' }, 'phone'],
      [{ nickname: 'Marco' }, 'nickname'],
    ];
    for (const [body, field] of cases) {
      const response = await patch(`/api/admin/contacts/${marc.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await byTag('Golf')).items[0]).toMatchObject({ name: 'Marc R.', tags: ['VIP', 'Golf'] });
  });

  it('answers 404 for an unknown contact', async () => {
    const response = await patch('/api/admin/contacts/nope', { name: 'X' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('export', () => {
  it('sends UTF-8 CSV with a BOM, quoting and every contact', async () => {
    await importCsv('name,email,tags\n"Dupont, ""Jo""",jo@example.com,"quote;test"\n"Line\nBreak",,quote\n');
    const { response, bytes, text } = await exportCsv();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="contacts.csv"');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFFname,email,phone,tags,createdAt\r\n')).toBe(true);
    expect(text).toContain('"Dupont, ""Jo""",jo@example.com,,quote; test,');
    expect(text).toContain('"Line\nBreak"');
    expect(text).toContain('Aïcha Benali,aicha@example.com,+41791234567,yoga; pilates,');
    const total = (await get('/api/admin/contacts')).body.total;
    const dataRows = text.split('\r\n').filter(Boolean).length - 1;
    expect(dataRows).toBe(total);
  });

  it('neutralizes cells Excel would run as formulas, and imports them back as they were', async () => {
    await importCsv('name,tags\n"=HYPERLINK(""http://evil.example"")",formula\n');
    const { text } = await exportCsv();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const [header, ...rows] = text.replace(/^\uFEFF/, '').split('\r\n');
    const row = rows.find((line) => line.includes('HYPERLINK'))!.replace('formula', 'formula2');
    const reimported = await importCsv(`${header}\r\n${row}\r\n`);
    expect(reimported.body).toEqual({ imported: 1, refused: [] });
    expect((await byTag('formula2')).items[0].name).toBe('=HYPERLINK("http://evil.example")');
  });

  it('round-trips: an export imported into a fresh instance gives the same contacts', async () => {
    const { text } = await exportCsv();
    const original = (await get('/api/admin/contacts?limit=200')).body;
    const other = await startTestApp();
    try {
      const otherCookie = await other.login();
      const imported = await adminFetch(other.url, otherCookie, '/api/admin/contacts/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', origin: other.url },
        body: text,
      });
      expect(imported.body).toEqual({ imported: original.total, refused: [] });
      const copy = (await adminFetch(other.url, otherCookie, '/api/admin/contacts?limit=200')).body;
      const shape = (items: { name: string; email: string; phone: string; tags: string[] }[]) =>
        items
          .map(({ name, email, phone, tags }) => ({ name, email, phone, tags }))
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(shape(copy.items)).toEqual(shape(original.items));
    } finally {
      await other.stop();
    }
  });
});

describe('merge', () => {
  it('folds duplicates into the first contact: identities, tags, email and phone', async () => {
    const csv = [
      'name,email,phone,tags',
      'Léa Merge,lea@example.com,,merge-a',
      'Léa M.,,+41 79 555 44 33,merge-b',
    ];
    expect((await importCsv(csv.join('\n'))).body.imported).toBe(2);
    const [kept] = (await byTag('merge-a')).items;
    const [dup] = (await byTag('merge-b')).items;
    const merged = await adminFetch(app.url, cookie, '/api/admin/contacts/merge', {
      method: 'POST',
      body: JSON.stringify({ ids: [kept.id, dup.id] }),
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: kept.id,
      name: 'Léa Merge',
      email: 'lea@example.com',
      phone: '+41795554433',
    });
    expect(merged.body.tags.sort()).toEqual(['merge-a', 'merge-b']);
    expect((await byTag('merge-b')).items.map((c: { id: string }) => c.id)).toEqual([kept.id]);
    const log = (await get('/api/admin/audit-log')).body.items as { action: string; target: string }[];
    expect(log.find((entry) => entry.action === 'contacts.merge')?.target).toBe(kept.id);
  });

  it('refuses bad input naming the field, and unknown ids with 404, changing nothing', async () => {
    const [one] = (await byTag('merge-a')).items;
    const post = (body: unknown) =>
      adminFetch(app.url, cookie, '/api/admin/contacts/merge', {
        method: 'POST',
        body: JSON.stringify(body),
      });
    expect((await post({ ids: [one.id] })).body.error).toMatchObject({ field: 'ids' });
    expect((await post({ ids: [one.id, one.id] })).body.error).toMatchObject({ field: 'ids' });
    expect((await post({})).status).toBe(400);
    const unknown = await post({ ids: [one.id, 'nope'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('ids');
    expect((await byTag('merge-a')).items).toEqual([one]);
  });
});

describe('merge and conversation titles', () => {
  it('renames the merged duplicate’s conversations after the contact that is kept', async () => {
    const post = (path: string, body: unknown) =>
      adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
    const link = (await post('/api/admin/links', { name: 'Instagram bio', mode: 'standard' })).body;
    const kept = await joinThroughLink(app.url, link.token, 'Sophie Martin');
    const dup = await joinThroughLink(app.url, link.token, 'Sophie M.');
    kept.socket.close();
    dup.socket.close();
    const merged = await post('/api/admin/contacts/merge', { ids: [kept.member.id, dup.member.id] });
    expect(merged.status).toBe(200);
    const titleOf = async (id: string) => (await app.kora.store.conversations.get(id))?.title;
    expect(await titleOf(dup.conversationId)).toBe('Sophie Martin · Instagram bio');
    expect(await titleOf(kept.conversationId)).toBe('Sophie Martin · Instagram bio');
    const listed = (await get('/api/admin/conversations?query=Sophie')).body.items as { title: string }[];
    expect(listed.map((item) => item.title)).toEqual([
      'Sophie Martin · Instagram bio',
      'Sophie Martin · Instagram bio',
    ]);
  });
});
