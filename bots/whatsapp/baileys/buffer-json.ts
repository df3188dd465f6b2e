/**
 * JSON for Baileys' auth state, in the same format as Baileys' own `BufferJSON` (a Buffer is
 * `{"type":"Buffer","data":"<base64>"}`), so state written by either reads back in the other.
 */

interface BufferShape {
  type: 'Buffer';
  data: string | number[];
}

function isBufferShape(value: unknown): value is BufferShape {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer';
}

export function stringifyState(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    // JSON.stringify has already called Buffer#toJSON ({type, data: number[]}) by the time we see it.
    if (item instanceof Uint8Array) return { type: 'Buffer', data: Buffer.from(item).toString('base64') };
    if (isBufferShape(item) && Array.isArray(item.data)) {
      return { type: 'Buffer', data: Buffer.from(item.data).toString('base64') };
    }
    return item;
  });
}

export function parseState<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (isBufferShape(item) && typeof item.data === 'string') return Buffer.from(item.data, 'base64');
    return item;
  }) as T;
}
