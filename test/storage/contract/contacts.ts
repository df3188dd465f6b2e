import { describe, expect, it } from 'vitest';
import { at, type ContractContext, expectConflict, makeContact } from './fixtures.js';

function describeContactRecords(context: ContractContext): void {
  const contacts = () => context.store().contacts;

  it('creates and reads back every field', async () => {
    const contact = makeContact({
      email: 'jeanne@example.com',
      emailVerified: true,
      phone: '+41791234567',
      phoneVerified: true,
      tags: ['vip', 'yoga'],
    });
    expect(await contacts().create(contact)).toEqual(contact);
    expect(await contacts().get(contact.id)).toEqual(contact);
    expect(await contacts().get('missing')).toBeNull();
  });

  it('reads many contacts by id in one call, leaving out unknown ids', async () => {
    const ada = await contacts().create(makeContact({ name: 'Ada' }));
    const bob = await contacts().create(makeContact({ name: 'Bob' }));
    const found = await contacts().getMany([bob.id, 'missing', ada.id, bob.id]);
    expect(found.sort((a, b) => a.name.localeCompare(b.name))).toEqual([ada, bob]);
    expect(await contacts().getMany([])).toEqual([]);
    const many = [...Array.from({ length: 1_100 }, (_, i) => `missing-${i}`), ada.id];
    expect(await contacts().getMany(many)).toEqual([ada]);
  });

  it('applies a patch and keeps the other fields', async () => {
    const contact = await contacts().create(makeContact({ email: 'jeanne@example.com', tags: ['lead'] }));
    const patch = { name: 'Jeanne Dupont', tags: ['client'], phone: '+33612345678', updatedAt: at(5) };
    const expected = { ...contact, ...patch };
    expect(await contacts().update(contact.id, patch)).toEqual(expected);
    expect(await contacts().get(contact.id)).toEqual(expected);
  });

  it('stamps updatedAt when the patch has none, and returns null for an unknown id', async () => {
    const contact = await contacts().create(makeContact());
    const updated = await contacts().update(contact.id, { email: 'new@example.com' });
    expect(updated).toMatchObject({ email: 'new@example.com', createdAt: contact.createdAt });
    expect(Date.parse(updated!.updatedAt)).toBeGreaterThan(Date.parse(contact.updatedAt));
    expect(await contacts().update('missing', { name: 'Nobody' })).toBeNull();
  });
}

function describeContactSearch(context: ContractContext): void {
  const contacts = () => context.store().contacts;

  async function seed() {
    const aicha = await contacts().create(
      makeContact({ name: 'Aïcha Benali', email: 'ab@example.com', tags: ['vip'], createdAt: at(1) }),
    );
    const marc = await contacts().create(
      makeContact({ name: 'Marc Élie', phone: '+41791112233', tags: ['lead'], createdAt: at(2) }),
    );
    const zoe = await contacts().create(
      makeContact({ name: 'Zoé Aichinger', email: 'zoe@shop.ch', tags: ['vip', 'lead'], createdAt: at(3) }),
    );
    return { aicha, marc, zoe };
  }

  it('lists newest first, by page, with the total', async () => {
    const { aicha, marc, zoe } = await seed();
    expect(await contacts().list({})).toEqual({ items: [zoe, marc, aicha], total: 3 });
    expect(await contacts().list({ offset: 1, limit: 1 })).toEqual({ items: [marc], total: 3 });
  });

  it('matches name, email or phone ignoring case and accents', async () => {
    const { aicha, marc, zoe } = await seed();
    expect(await contacts().list({ query: 'aicha' })).toEqual({ items: [aicha], total: 1 });
    expect(await contacts().list({ query: 'AÏCHA BEN' })).toEqual({ items: [aicha], total: 1 });
    expect(await contacts().list({ query: 'elie' })).toEqual({ items: [marc], total: 1 });
    expect(await contacts().list({ query: 'SHOP.CH' })).toEqual({ items: [zoe], total: 1 });
    expect(await contacts().list({ query: '1112233' })).toEqual({ items: [marc], total: 1 });
    expect(await contacts().list({ query: 'aich' })).toEqual({ items: [zoe, aicha], total: 2 });
    expect(await contacts().list({ query: 'aich', limit: 1 })).toEqual({ items: [zoe], total: 2 });
    expect(await contacts().list({ query: 'nobody' })).toEqual({ items: [], total: 0 });
  });

  it('pages a search or a tag newest first, ties by id, with its total on every page and past the end', async () => {
    // Matches spread over creation times (the oldest first, as a growing store has them), with ties.
    const made = [];
    for (let i = 0; i < 60; i++)
      made.push(
        await contacts().create(
          makeContact({
            name: `Client ${i}`,
            // 'early': the ten oldest and one recent, so a look among the newest finds one, not two.
            tags: [...(i % 3 === 0 ? ['vip'] : []), ...(i < 10 || i === 50 ? ['early'] : [])],
            createdAt: at(Math.floor(i / 3)),
          }),
        ),
      );
    const newestFirst = [...made].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    );
    const filters: { query?: string; tag?: string }[] = [
      { query: 'client 1' },
      { query: 'client 5' },
      { query: 'CLIENT' },
      { query: 'client 1', tag: 'vip' },
      { query: 'client 77' },
      { tag: 'vip' },
      { tag: 'vi' },
      { tag: 'early' },
      { query: 'client', tag: 'early' },
    ];
    for (const filter of filters) {
      const words = filter.query?.toLowerCase() ?? '';
      const expected = newestFirst.filter(
        (c) => c.name.toLowerCase().includes(words) && (!filter.tag || c.tags.includes(filter.tag)),
      );
      // Small pages too: a filtered page first looks among the newest contacts, twenty for each row
      // it needs (storage/sql/contacts.ts); with 1 or 2 rows that look ends before the oldest
      // contacts, found or not, and the page must be the same either way.
      for (const [offset, limit] of [
        [0, 1],
        [1, 1],
        [0, 2],
        [2, 2],
        [0, 5],
        [5, 5],
        [3, 100],
        [expected.length, 5],
        [expected.length + 7, 5],
      ] as const) {
        const page = await contacts().list({ ...filter, offset, limit });
        expect([filter, offset, page]).toEqual([
          filter,
          offset,
          { items: expected.slice(offset, offset + limit), total: expected.length },
        ]);
      }
    }
  });

  it('filters by exact tag, alone or with a query', async () => {
    const { aicha, marc, zoe } = await seed();
    await contacts().create(makeContact({ name: 'Vipul', tags: ['vip-gold'] }));
    expect(await contacts().list({ tag: 'vip' })).toEqual({ items: [zoe, aicha], total: 2 });
    expect(await contacts().list({ tag: 'lead', limit: 1 })).toEqual({ items: [zoe], total: 2 });
    expect(await contacts().list({ tag: 'lead', query: 'marc' })).toEqual({ items: [marc], total: 1 });
    expect(await contacts().list({ tag: 'vi' })).toEqual({ items: [], total: 0 });
  });

  it('lists the contacts sharing a phone, or an email ignoring case, at most the limit', async () => {
    const claim = await contacts().create(makeContact({ phone: '+41791112233', email: 'Ines@Example.ch' }));
    const owner = await contacts().create(makeContact({ phone: '+41791112233', phoneVerified: true }));
    const mail = await contacts().create(makeContact({ email: 'ines@example.ch' }));
    await contacts().create(makeContact({ phone: '+41791112234', email: 'ines@example.com' }));
    const byId = (list: { id: string }[]) => list.map((c) => c.id).sort();
    const sharing = await contacts().listSharingContactData({
      phones: ['+41791112233'],
      emails: ['INES@example.CH'],
      limit: 10,
    });
    expect(byId(sharing)).toEqual(byId([claim, owner, mail]));
    expect(sharing.find((c) => c.id === owner.id)).toEqual(owner);
    const phones = await contacts().listSharingContactData({
      phones: ['+41791112233'],
      emails: [],
      limit: 10,
    });
    expect(byId(phones)).toEqual(byId([claim, owner]));
    expect(
      await contacts().listSharingContactData({ phones: ['+41791112233'], emails: [], limit: 1 }),
    ).toHaveLength(1);
    expect(await contacts().listSharingContactData({ phones: [], emails: [], limit: 10 })).toEqual([]);
  });

  it('searches the updated name after an update', async () => {
    const { marc } = await seed();
    await contacts().update(marc.id, { name: 'Chloë Durand' });
    expect((await contacts().list({ query: 'chloe' })).items.map((c) => c.id)).toEqual([marc.id]);
    expect(await contacts().list({ query: 'marc' })).toEqual({ items: [], total: 0 });
  });
}

function describeIdentities(context: ContractContext): void {
  const contacts = () => context.store().contacts;

  it('finds a contact by channel identity', async () => {
    const contact = await contacts().create(makeContact());
    await contacts().addIdentity({
      channel: 'telegram',
      externalId: '4242',
      contactId: contact.id,
      createdAt: at(1),
    });
    expect(await contacts().findByIdentity('telegram', '4242')).toEqual(contact);
    expect(await contacts().findByIdentity('whatsapp', '4242')).toBeNull();
    expect(await contacts().findByIdentity('telegram', '4243')).toBeNull();
  });

  it('rejects an identity already naming a contact', async () => {
    const first = await contacts().create(makeContact());
    const second = await contacts().create(makeContact());
    const identity = {
      channel: 'sms' as const,
      externalId: '+41790000000',
      contactId: first.id,
      createdAt: at(1),
    };
    await contacts().addIdentity(identity);
    await expectConflict(contacts().addIdentity({ ...identity, contactId: second.id }));
    expect(await contacts().findByIdentity('sms', '+41790000000')).toEqual(first);
    expect(await contacts().listIdentities(second.id)).toEqual([]);
  });

  it('lists the identities of a contact, oldest first', async () => {
    const contact = await contacts().create(makeContact());
    const other = await contacts().create(makeContact());
    const telegram = {
      channel: 'telegram' as const,
      externalId: '77',
      contactId: contact.id,
      createdAt: at(2),
    };
    const web = { channel: 'web' as const, externalId: 'member-1', contactId: contact.id, createdAt: at(1) };
    await contacts().addIdentity(telegram);
    await contacts().addIdentity(web);
    await contacts().addIdentity({
      channel: 'web',
      externalId: 'member-2',
      contactId: other.id,
      createdAt: at(0),
    });
    expect(await contacts().listIdentities(contact.id)).toEqual([web, telegram]);
  });
}

export function describeContacts(context: ContractContext): void {
  describe('contacts', () => {
    describeContactRecords(context);
    describeContactSearch(context);
    describeIdentities(context);
  });
}
