import { useEffect, useState } from 'preact/hooks';
import { listGroups } from '../../lib/community.js';
import { listContacts } from '../../lib/contacts.js';
import { groupsUnavailable } from '../../lib/system.js';
import { useI18n } from '../../lib/i18n.js';
import { type CampaignTarget, CHANNEL_LABELS, type Group } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { ContactPicker } from '../contact-picker/index.js';
import { resolveItems } from './resolve.js';
import s from './style.module.css';

export interface BasketItem {
  target: CampaignTarget;
  label: string;
  /** How many people it reaches (a group: its members; a tag: contacts with it); null while unknown. */
  count: number | null;
}

const same = (a: CampaignTarget, b: CampaignTarget) => a.type === b.type && a.id === b.id;

/** The campaign's recipients: every contact, or contacts, groups and tags, each with a count. */
export function RecipientBasket({
  items,
  onChange,
  error,
}: {
  items: BasketItem[];
  onChange(items: BasketItem[]): void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const groups = useLoad(() => listGroups().then((body) => body.items), []);
  const noGroups = useLoad(() => groupsUnavailable(), []);
  const [tag, setTag] = useState('');
  const [everyone, setEveryone] = useState<number | null>(null);

  useEffect(() => {
    listContacts({}, 1, 1).then(
      (body) => setEveryone(body.total),
      () => setEveryone(null),
    );
  }, []);

  // Items of a saved campaign arrive as bare targets: name and count them once what they need is here.
  useEffect(() => {
    if (!groups.load.data) return;
    let live = true;
    const known = {
      groups: groups.load.data,
      everyone,
      everyoneLabel: t('campaigns.everyone'),
      groupChatLabel: (name: string) => t('campaigns.groupChat', { name }),
    };
    void resolveItems(items, known).then((resolved) => {
      const changed = resolved?.some(
        (item, i) => item.count !== items[i]?.count || item.label !== items[i]?.label,
      );
      if (live && resolved && changed) onChange(resolved);
    });
    return () => {
      live = false;
    };
  }, [items, groups.load.data, everyone]);

  const add = (item: BasketItem) => {
    if (items.some((other) => same(other.target, item.target))) return;
    onChange([...items.filter((other) => other.target.type !== 'all'), item]);
  };
  const addTag = async () => {
    const name = tag.trim();
    if (!name) return;
    setTag('');
    const count = await listContacts({ tag: name }, 1, 1).then(
      (body) => body.total,
      () => null,
    );
    add({ target: { type: 'tag', id: name }, label: `#${name}`, count });
  };
  const addGroup = (group: Group) =>
    add({ target: { type: 'group', id: group.id }, label: group.name, count: group.memberCount });
  // One post into the group chat itself (a WhatsApp or Telegram group, a web group).
  const addGroupChat = (group: Group) =>
    add({
      target: { type: 'conversation', id: group.id },
      label: t('campaigns.groupChat', { name: group.name }),
      count: group.memberCount,
    });
  const refused = (groups.load.data ?? [])
    .map((group) => noGroups.load.data?.get(group.channel))
    .find((reason) => reason !== undefined);
  const total = items.reduce((sum, item) => sum + (item.count ?? 0), 0);

  return (
    <fieldset class={s.basket} aria-describedby={error ? 'basket-error' : undefined}>
      <legend>{t('campaigns.recipients')}</legend>
      <div class={s.adders}>
        <button
          type="button"
          onClick={() =>
            onChange([{ target: { type: 'all' }, label: t('campaigns.everyone'), count: everyone }])
          }
        >
          {t('campaigns.everyone')}
        </button>
        <ContactPicker
          id="basket-contact"
          label={t('campaigns.addContact')}
          onPick={(contact) =>
            add({ target: { type: 'contact', id: contact.id }, label: contact.name, count: 1 })
          }
        />
        <div class={s.adder}>
          <label for="basket-group">{t('campaigns.addGroup')}</label>
          <select
            id="basket-group"
            value=""
            onChange={(event) => {
              const group = groups.load.data?.find((item) => item.id === event.currentTarget.value);
              if (group) addGroup(group);
              event.currentTarget.value = '';
            }}
          >
            <option value="">—</option>
            {(groups.load.data ?? []).map((group) => (
              <option key={group.id} value={group.id}>
                {group.name} ({group.memberCount})
              </option>
            ))}
          </select>
        </div>
        <div class={s.adder}>
          <label for="basket-group-chat">{t('campaigns.addGroupChat')}</label>
          <select
            id="basket-group-chat"
            value=""
            onChange={(event) => {
              const group = groups.load.data?.find((item) => item.id === event.currentTarget.value);
              if (group) addGroupChat(group);
              event.currentTarget.value = '';
            }}
          >
            <option value="">—</option>
            {(groups.load.data ?? []).map((group) => (
              <option key={group.id} value={group.id} disabled={noGroups.load.data?.has(group.channel)}>
                {group.name} · {CHANNEL_LABELS[group.channel] ?? group.channel}
              </option>
            ))}
          </select>
          {refused && <p class="muted">{refused}</p>}
        </div>
        <div class={s.adder}>
          <label for="basket-tag">{t('campaigns.addTag')}</label>
          <div class="row">
            <input
              id="basket-tag"
              value={tag}
              onInput={(event) => setTag(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void addTag();
                }
              }}
            />
            <button type="button" class="small" onClick={addTag}>
              {t('add')}
            </button>
          </div>
        </div>
      </div>
      {items.length === 0 ? (
        <p class="muted">{t('campaigns.basketEmpty')}</p>
      ) : (
        <ul class={s.items} aria-label={t('campaigns.recipients')}>
          {items.map((item) => (
            <li key={`${item.target.type}:${item.target.id ?? ''}`}>
              <span>{item.label}</span>
              <span class="badge">{item.count ?? '?'}</span>
              <button
                type="button"
                class="small"
                aria-label={`${t('remove')} ${item.label}`}
                onClick={() => onChange(items.filter((other) => !same(other.target, item.target)))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {items.length > 0 && <p class={s.total}>{t('campaigns.people', { n: total })}</p>}
      {error && (
        <p id="basket-error" class="alert" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
