import { useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';
import { imageSrc } from '../../lib/web-chat.js';
import s from './style.module.css';

/** An image that arrived at the bottom of the thread grows it: the thread stays at the bottom. */
function keepAtBottom(event: Event) {
  const image = event.currentTarget as HTMLImageElement;
  const list = image.closest('ol');
  if (!list) return;
  const below = list.scrollHeight - list.scrollTop - list.clientHeight;
  if (below - image.offsetHeight < 80) list.scrollTop = list.scrollHeight;
}

/** A message's attachments: web chat images shown (opened full size on click), anything else a link. */
export function MessageMedia({ media }: { media: NonNullable<Message['media']> }) {
  const { t } = useI18n();
  return (
    <>
      {media.map((item) => {
        const src = imageSrc(item.url);
        const href = src ?? item.url;
        return (
          <a key={item.url} class={s.media} href={href} target="_blank" rel="noopener noreferrer nofollow">
            {src ? (
              <img class={s.image} src={src} alt={item.name ?? t('attach.image')} onLoad={keepAtBottom} />
            ) : (
              (item.name ?? item.url)
            )}
          </a>
        );
      })}
    </>
  );
}
