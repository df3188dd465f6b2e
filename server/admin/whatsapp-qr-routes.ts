/**
 * GET /api/admin/channels/whatsapp/qr (owner): the QR code that links a WhatsApp number (Baileys
 * provider), as a PNG data URL with the raw value and when it was issued, or the PNG itself with
 * `?format=png`. Baileys rotates the code about every 20 s: the panel asks again (or listens for the
 * `channel` event). With the Twilio provider there is never a code (`qr: null`).
 */
import { Router } from 'express';
import type { WhatsAppAdminView, WhatsAppQr } from '../../bots/whatsapp/provider.js';
import { NotFoundError } from '../../core/errors.js';
import { qrPng } from '../http/qr-png.js';
import type { AdminDeps } from './context.js';

/** The last code encoded: every panel polling the same code gets the same image without re-encoding. */
function qrEncoder() {
  let last: { value: string; png: Promise<Buffer> } | null = null;
  return (qr: WhatsAppQr): Promise<Buffer> => {
    if (last?.value !== qr.value) {
      last = {
        value: qr.value,
        png: qrPng(qr.value, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }),
      };
    }
    return last.png;
  };
}

export function whatsappPresentation(whatsapp: WhatsAppAdminView) {
  const status = whatsapp.status();
  return {
    provider: whatsapp.providerName,
    state: status.state,
    ...(status.detail ? { detail: status.detail } : {}),
    number: whatsapp.number(),
  };
}

export function whatsappQrRoutes(deps: AdminDeps): Router {
  const router = Router();
  const encode = qrEncoder();
  router.get('/qr', async (req, res) => {
    const whatsapp = deps.whatsapp;
    if (!whatsapp) {
      throw new NotFoundError('WhatsApp is off: set WHATSAPP_PROVIDER=baileys to link a number by QR code');
    }
    res.setHeader('Cache-Control', 'no-store');
    const qr = whatsapp.qr();
    if (req.query.format === 'png') {
      if (!qr) throw new NotFoundError('there is no QR code to scan now', 'qr');
      res.type('image/png').send(await encode(qr));
      return;
    }
    const image = qr ? `data:image/png;base64,${(await encode(qr)).toString('base64')}` : null;
    res.json({
      ...whatsappPresentation(whatsapp),
      qr: qr && image ? { dataUrl: image, value: qr.value, issuedAt: qr.issuedAt } : null,
    });
  });
  return router;
}
