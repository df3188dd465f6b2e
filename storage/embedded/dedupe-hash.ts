/**
 * The dedupe index holds a 48-bit hash of each key (two FNV-1a lanes) instead of the key itself: an
 * 8-byte integer instead of ~60 bytes of text, so a leaf holds about four times as many entries and an
 * ingest rebalances the index far less often. The key stays in the row and is compared on every match,
 * so a collision costs one more row read, never a message.
 */
export function dedupeHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x85ebca6b);
  }
  return (a >>> 0) * 0x10000 + (b >>> 16);
}
