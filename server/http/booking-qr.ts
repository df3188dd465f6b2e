/**
 * GET /qr/bookings/:code.png: the QR code of a booking code, sent with the booking's confirmation and
 * scanned at check-in. It encodes the code only, and is drawn for any well-formed code without reading
 * the store, so it tells nobody whether a code exists.
 */
import { Router } from 'express';
import { CODE_ALPHABET } from '../../core/bookings/codes.js';
import { qrPng } from './qr-png.js';

const CODE = new RegExp(`^[${CODE_ALPHABET}]{6}$`);

export function bookingQrRoutes(): Router {
  const router = Router();
  router.get('/qr/bookings/:file', async (req, res) => {
    const code = /^(.+)\.png$/.exec(req.params.file)?.[1] ?? '';
    if (!CODE.test(code)) {
      res.status(404).json({ error: { code: 'not_found', message: 'No such QR code' } });
      return;
    }
    const png = await qrPng(code, {
      type: 'png',
      margin: 2,
      width: 320,
      errorCorrectionLevel: 'M',
    });
    res.setHeader('Cache-Control', 'public, max-age=86400, immutable');
    res.type('png').send(png);
  });
  return router;
}
