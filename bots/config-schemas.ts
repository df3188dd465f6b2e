/** zod schemas several channels' variables share (each channel declares its own variables). */
import { z } from 'zod';

/** An http(s) URL, without its trailing slashes. */
export const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));
