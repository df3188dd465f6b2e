import { useLocation } from 'preact-iso';
import { articles, offers, promoCodes } from '../../lib/catalog.js';
import type { Crud } from '../../lib/crud.js';
import { dateTime, money, number, percent } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { Article, Offer, PromoCode } from '../../lib/types.js';
import { ArticleForm } from '../article-form/index.js';
import { OfferForm } from '../offer-form/index.js';
import { PageHeader } from '../page-header/index.js';
import { PromoForm } from '../promo-form/index.js';
import { ResourceList } from '../resource-list/index.js';
import { useLoad } from '../../lib/use-load.js';
import { Tabs } from '../tabs/index.js';

type Tab = 'offers' | 'articles' | 'promos';

/** `/admin/catalog?tab=`: offers, articles and promo codes. */
export function Catalog() {
  const { t, lang } = useI18n();
  const { query, route } = useLocation();
  const tab: Tab = query.tab === 'articles' || query.tab === 'promos' ? query.tab : 'offers';
  // A promo code has no currency of its own: an amount is in the catalog's, as the assistant says it.
  const currency = useLoad(
    () =>
      tab === 'promos'
        ? offers.list().then((list) => list.find((offer) => offer.currency)?.currency ?? null)
        : Promise.resolve(null),
    [tab],
  );
  const discount = (promo: PromoCode) =>
    promo.discount.percent != null
      ? `−${percent(promo.discount.percent, lang)}`
      : t('catalog.amountOff', {
          amount: currency.load.data
            ? money(promo.discount.amount ?? 0, currency.load.data, lang)
            : number(promo.discount.amount ?? 0, lang),
        });
  return (
    <>
      <PageHeader title={t('catalog.title')} />
      <Tabs
        label={t('catalog.title')}
        current={tab}
        onSelect={(key) => route(`/admin/catalog?tab=${key}`, true)}
        tabs={[
          { key: 'offers', label: t('catalog.offers') },
          { key: 'articles', label: t('catalog.articles') },
          { key: 'promos', label: t('catalog.promos') },
        ]}
      />
      {tab === 'offers' && (
        <ResourceList<Offer>
          key="offers"
          api={offers as Crud<Offer, never>}
          newLabel={t('catalog.newOffer')}
          empty={t('catalog.noOffers')}
          Form={OfferForm}
          name={(offer) => offer.name}
        >
          {(offer) => (
            <>
              <strong>{offer.name}</strong> <span class="badge">{t(`catalog.kind.${offer.kind}`)}</span>{' '}
              {!offer.visible && <span class="badge warn">{t('catalog.hidden')}</span>}
              <div>{money(offer.price, offer.currency, lang)}</div>
              {offer.description && <p class="muted clamp">{offer.description}</p>}
            </>
          )}
        </ResourceList>
      )}
      {tab === 'articles' && (
        <ResourceList<Article>
          key="articles"
          api={articles as Crud<Article, never>}
          newLabel={t('catalog.newArticle')}
          empty={t('catalog.noArticles')}
          Form={ArticleForm}
          name={(article) => article.title}
        >
          {(article) => (
            <>
              <strong>{article.title}</strong>{' '}
              {!article.visible && <span class="badge warn">{t('catalog.hidden')}</span>}
              <p class="muted clamp">{article.body}</p>
            </>
          )}
        </ResourceList>
      )}
      {tab === 'promos' && (
        <ResourceList<PromoCode>
          key="promos"
          api={promoCodes as Crud<PromoCode, never>}
          newLabel={t('catalog.newPromo')}
          empty={t('catalog.noPromos')}
          Form={PromoForm}
          name={(promo) => promo.code}
        >
          {(promo) => (
            <>
              <strong>{promo.code}</strong> <span class="badge">{discount(promo)}</span>{' '}
              <span class="muted">
                {t('catalog.uses', { n: promo.maxUses ? `${promo.uses}/${promo.maxUses}` : promo.uses })}
                {promo.validUntil && ` · ${t('catalog.validUntil')} ${dateTime(promo.validUntil, lang)}`}
              </span>
              {promo.description && <p class="muted clamp">{promo.description}</p>}
            </>
          )}
        </ResourceList>
      )}
    </>
  );
}
