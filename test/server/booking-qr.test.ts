/**
 * GET /qr/bookings/:code.png draws a booking code's QR code (the encoder is loaded on the first
 * image, not at start), the same image for every request at once; a malformed code is a 404.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookingQrRoutes } from '../../server/http/booking-qr.js';

let server: http.Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(bookingQrRoutes());
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

it('draws the same PNG for a booking code to every request, the first ones at once', async () => {
  const responses = await Promise.all(
    Array.from({ length: 8 }, () => fetch(`${url}/qr/bookings/ABCDEF.png`)),
  );
  const images = await Promise.all(
    responses.map(async (response) => Buffer.from(await response.arrayBuffer())),
  );
  for (const response of responses) {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  }
  expect(images[0]!.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  // 320 px wide, as asked of the encoder (the IHDR chunk's width).
  expect(images[0]!.readUInt32BE(16)).toBe(320);
  for (const image of images) expect(image.equals(images[0]!)).toBe(true);
  const other = Buffer.from(await (await fetch(`${url}/qr/bookings/GHJKMN.png`)).arrayBuffer());
  expect(other.equals(images[0]!)).toBe(false);
});

it('answers 404 for a code that is not one', async () => {
  for (const file of ['abcdef.png', 'ABCDE.png', 'ABCDEFG.png', 'ABCDEF.gif', 'ABCDEI.png']) {
    expect((await fetch(`${url}/qr/bookings/${file}`)).status).toBe(404);
  }
});
