import { describe, expect, it } from 'vitest';
import { describeCrud } from './crud.js';
import {
  at,
  type ContractContext,
  expectConflict,
  makeArticle,
  makeLink,
  makeOffer,
  makePromoCode,
} from './fixtures.js';

function describeLinks(context: ContractContext): void {
  describeCrud('links', context, {
    repository: (store) => store.links,
    make: () => makeLink({ customPrompt: 'Speak about yoga' }),
    patch: { name: 'Autumn campaign', mode: 'strict', customPrompt: null },
  });

  describe('links', () => {
    const links = () => context.store().links;

    it('finds a link by token, and by code ignoring case', async () => {
      const link = await links().create(makeLink({ token: 'tok-1', code: 'Spring24' }));
      await links().create(makeLink());
      expect(await links().getByToken('tok-1')).toEqual(link);
      expect(await links().getByToken('TOK-1')).toBeNull();
      expect(await links().getByCode('SPRING24')).toEqual(link);
      expect(await links().getByCode('spring24')).toEqual(link);
      expect(await links().getByCode('spring25')).toBeNull();
    });

    it('rejects a taken token, and a taken code in any case', async () => {
      await links().create(makeLink({ token: 'tok-1', code: 'Spring24' }));
      await expectConflict(links().create(makeLink({ token: 'tok-1' })), 'token');
      await expectConflict(links().create(makeLink({ code: 'sPRING24' })), 'code');
      expect(await links().list()).toHaveLength(1);
    });

    it('follows a code change and refuses a code already taken', async () => {
      const link = await links().create(makeLink({ code: 'OLD' }));
      const other = await links().create(makeLink({ code: 'TAKEN' }));
      await links().update(link.id, { code: 'New' });
      expect(await links().getByCode('new')).toMatchObject({ id: link.id, code: 'New' });
      expect(await links().getByCode('old')).toBeNull();
      await expectConflict(links().update(other.id, { code: 'new' }), 'code');
      expect(await links().get(other.id)).toEqual(other);
    });
  });
}

function describeOffers(context: ContractContext): void {
  describeCrud('offers', context, {
    repository: (store) => store.offers,
    make: () => makeOffer({ paymentUrl: 'https://pay.example.com/yoga' }),
    patch: { price: 199, visible: false, paymentUrl: null },
  });

  it('lists only visible offers', async () => {
    const offers = context.store().offers;
    const shown = await offers.create(makeOffer());
    await offers.create(makeOffer({ visible: false }));
    const shownToo = await offers.create(makeOffer({ kind: 'service' }));
    expect(await offers.listVisible()).toEqual([shown, shownToo]);
  });
}

function describeArticles(context: ContractContext): void {
  describeCrud('articles', context, {
    repository: (store) => store.articles,
    make: () => makeArticle(),
    patch: { title: 'Holidays', visible: false },
  });

  it('lists only visible articles', async () => {
    const articles = context.store().articles;
    await articles.create(makeArticle({ visible: false }));
    const shown = await articles.create(makeArticle());
    expect(await articles.listVisible()).toEqual([shown]);
  });
}

function describePromoCodes(context: ContractContext): void {
  describeCrud('promo codes', context, {
    repository: (store) => store.promoCodes,
    make: () => makePromoCode({ validUntil: '2024-12-31T23:59:59.000Z', maxUses: 100, uses: 3 }),
    patch: { discount: { amount: 20 }, uses: 4, maxUses: null },
  });

  describe('promo codes', () => {
    const promoCodes = () => context.store().promoCodes;

    it('finds a code ignoring case and rejects the same code in another case', async () => {
      const promo = await promoCodes().create(makePromoCode({ code: 'Summer10' }));
      expect(await promoCodes().getByCode('SUMMER10')).toEqual(promo);
      expect(await promoCodes().getByCode('winter10')).toBeNull();
      await expectConflict(promoCodes().create(makePromoCode({ code: 'summer10' })), 'code');
      expect(await promoCodes().list()).toEqual([promo]);
    });

    it('redeems a code until maxUses, never beyond, even when asked at once', async () => {
      const promo = await promoCodes().create(makePromoCode({ maxUses: 2, uses: 0 }));
      const results = await Promise.all([1, 2, 3].map(() => promoCodes().redeem(promo.id, at(5))));
      expect(
        results
          .filter(Boolean)
          .map((r) => r?.uses)
          .sort(),
      ).toEqual([1, 2]);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(await promoCodes().get(promo.id)).toMatchObject({ uses: 2, updatedAt: at(5) });
      expect(await promoCodes().redeem('unknown', at(5))).toBeNull();
      const unlimited = await promoCodes().create(makePromoCode({ maxUses: null, uses: 7 }));
      expect((await promoCodes().redeem(unlimited.id, at(6)))?.uses).toBe(8);
    });
  });
}

export function describeCatalog(context: ContractContext): void {
  describeLinks(context);
  describeOffers(context);
  describeArticles(context);
  describePromoCodes(context);
}
