/**
 * QR codes as PNG images (booking codes, the WhatsApp link code). The `qrcode` encoder and its PNG
 * writer are loaded on the first image asked for, not at start: most starts draw none.
 */
import type { QRCodeToBufferOptions } from 'qrcode';

type Encoder = typeof import('qrcode');

let encoder: Promise<Encoder> | null = null;

export async function qrPng(value: string, options: QRCodeToBufferOptions): Promise<Buffer> {
  encoder ??= import('qrcode').then((module) => (module.default ?? module) as Encoder);
  return (await encoder).toBuffer(value, options);
}
