/**
 * Images people send (web chat, the coach's composer, the web chat's logo): at most 5 MB, and only
 * PNG, JPEG, WebP or GIF as their first bytes say (the declared type and the name are not believed),
 * so nothing served back from Kora's origin can be a page or a script.
 */
import { ValidationError } from '../../core/errors.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image type the bytes are, or null. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The type of an uploaded image, or a 400 naming the field. */
export function requireImage(bytes: Uint8Array, field = 'file'): ImageType {
  const type = sniffImage(bytes);
  if (!type) throw new ValidationError(`${field}: must be a PNG, JPEG, WebP or GIF image`, field);
  return type;
}

/** Headers for serving a stored image: shown inline, never run, never sniffed as anything else. */
export function imageHeaders(contentType: string, cache: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': 'inline',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': cache,
  };
}
