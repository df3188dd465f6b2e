/** pino, with the paths that may carry secrets or personal data redacted. */
import { pino } from 'pino';
import type { Logger } from '../core/logger.js';

const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'phone',
  '*.phone',
  'email',
  '*.email',
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
];

export function createLogger(level: string): Logger & { level: string } {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined });
}
