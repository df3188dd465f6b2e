/** Telegram refuses texts over 4,096 characters: longer ones go as several messages, cut where a reader would. */

export const MAX_TEXT = 4_096;
/** Captions of photos and documents. */
export const MAX_CAPTION = 1_024;

/** Where to cut `text` at most `max` long: a paragraph, a line, a sentence, a space, else anywhere. */
function cutAt(text: string, max: number): number {
  const window = text.slice(0, max);
  // A break in the last third: cutting earlier would leave many short messages.
  const floor = Math.floor(max / 3);
  for (const separator of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= floor) return at + separator.length;
  }
  // Never between the two halves of a surrogate pair (an emoji).
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** The parts to send, in order, each at most `max` characters (UTF-16 units, as Telegram counts). */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const at = cutAt(rest, max);
    const part = rest.slice(0, at).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(at).trimStart();
  }
  if (rest.trim() || parts.length === 0) parts.push(rest);
  return parts;
}
