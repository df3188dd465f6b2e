import { useEffect, useState } from 'preact/hooks';
import { t } from '../lib/i18n.js';
import { imageBlobUrl } from '../lib/images.js';
import { loadMember } from '../lib/storage.js';

/** An image that grew the list at its bottom keeps the list at the bottom (the member was there). */
function keepAtBottom(event: Event) {
  const image = event.currentTarget as HTMLImageElement;
  const list = image.closest('.messages');
  if (!list) return;
  const below = list.scrollHeight - list.scrollTop - list.clientHeight;
  if (below - image.offsetHeight < 80) list.scrollTop = list.scrollHeight;
}

/** One image of a message, fetched with the member token; a placeholder while it comes. */
export function MessageImage({ url }: { url: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const token = loadMember()?.token;
    if (!token) return setFailed(true);
    let live = true;
    imageBlobUrl(url, token).then(
      (blob) => live && setSrc(blob),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [url]);
  if (failed) return <span class="image-missing">{t('attach.image')}</span>;
  if (!src) return <span class="image-loading" role="img" aria-label={t('attach.image')} />;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer" class="image-link">
      <img class="message-image" src={src} alt={t('attach.image')} onLoad={keepAtBottom} />
    </a>
  );
}
