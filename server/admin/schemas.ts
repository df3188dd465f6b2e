/** One zod schema per admin API body, shared by the routes and the tests. */
import { z } from 'zod';
import { hostKey, isShortener } from '../../core/assistant/guard/index.js';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
const url = z
  .string()
  .trim()
  .max(2_000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

/** `?page=&limit=` of every admin list (limit 1..200, default 50). */
export const pageFields = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const loginSchema = z.object({
  email: z.string().trim().max(320),
  password: z.string().max(200),
  /** With two-factor sign-in on: the app's 6-digit code or a recovery code. */
  code: z.string().trim().max(64).optional(),
});

/** Confirms the set-up with a code of the app: 6 digits (spaces allowed, as apps show `123 456`). */
export const totpEnableSchema = z.strictObject({
  code: z
    .string()
    .max(64)
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code your app shows')),
});

/** Turning 2FA off and renewing recovery codes: the password and a code. */
export const totpConfirmSchema = z.strictObject({
  password: z.string().min(1).max(200),
  /** The app's code or a recovery code. */
  code: z.string().trim().min(1).max(64),
});

export const resetRequestSchema = z.object({ email: z.string().trim().max(320).email() });

export const resetConfirmSchema = z.object({
  token: z.string().min(1).max(400),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});

export const setupSchema = z.object({
  token: z.string().min(1).max(200),
  name: trimmed(1, 100),
  email: z.string().trim().max(320).email(),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});

const linkFields = {
  name: trimmed(1, 100),
  mode: z.enum(['standard', 'strict']),
  customPrompt: z.string().trim().max(8_000).nullable().optional(),
};
export const linkCreateSchema = z.strictObject(linkFields);
export const linkPatchSchema = z.strictObject(linkFields).partial();

const money = z
  .number()
  .finite()
  .min(0)
  .max(1_000_000_000)
  .refine((value) => Math.round(value * 100) === value * 100, 'has more than 2 decimals');

const offerFields = {
  name: trimmed(1, 200),
  kind: z.enum(['course', 'product', 'service']),
  description: z.string().trim().max(5_000).default(''),
  price: money,
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code such as CHF')
    .transform((value) => value.toUpperCase()),
  paymentUrl: url.nullable().optional(),
  visible: z.boolean().default(true),
};
export const offerCreateSchema = z.strictObject(offerFields);
export const offerPatchSchema = z
  .strictObject({ ...offerFields, description: z.string().trim().max(5_000), visible: z.boolean() })
  .partial();

const articleFields = {
  title: trimmed(1, 200),
  body: trimmed(1, 50_000),
  visible: z.boolean().default(true),
};
export const articleCreateSchema = z.strictObject(articleFields);
export const articlePatchSchema = z.strictObject({ ...articleFields, visible: z.boolean() }).partial();

const discount = z
  .strictObject({
    percent: z.number().gt(0).max(100).optional(),
    amount: money.refine((value) => value > 0, 'must be more than 0').optional(),
  })
  .refine(
    (d) => (d.percent === undefined) !== (d.amount === undefined),
    'needs exactly one of percent or amount',
  );

const promoFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,40}$/, 'must be 2 to 40 letters, digits, - or _'),
  description: z.string().trim().max(500).default(''),
  discount,
  validUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  maxUses: z.number().int().min(1).max(1_000_000).nullable().optional(),
};
export const promoCreateSchema = z.strictObject(promoFields);
export const promoPatchSchema = z
  .strictObject({ ...promoFields, description: z.string().trim().max(500) })
  .partial();

/**
 * A domain a STRICT answer may link to: a bare host ("studio.ch", "www.youtube.com"), or a URL whose host
 * is kept; lowercase, no shortener (a shortener hides where it leads, so it never passes).
 */
const safeDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .transform((value) => hostKey(value) ?? value)
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{4,253}$)(?:[a-z0-9\p{L}](?:[a-z0-9\p{L}-]{0,61}[a-z0-9\p{L}])?\.)+[a-z\p{L}]{2,63}$/u,
        'must be a domain such as example.com',
      )
      .refine(
        (host) => !isShortener(host),
        'is a link shortener: it hides where it leads, so it cannot be safe',
      ),
  );

export const assistantSchema = z
  .strictObject({
    basePrompt: z.string().trim().max(20_000),
    campaignPrompt: z.string().trim().max(20_000),
    offTopicReply: trimmed(1, 2_000),
    paymentLinks: z.strictObject({
      twint: url.optional(),
      stripe: url.optional(),
      paypal: url.optional(),
      other: url.optional(),
    }),
    provider: z.enum(['offline', 'openai', 'anthropic']),
    model: z.string().trim().max(100),
    memory: z.strictObject({
      messages: z.number().int().min(1).max(200),
      hours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90),
    }),
    dailyTokenBudget: z.number().int().min(1).max(1_000_000_000).nullable(),
    replyWindowMs: z.number().int().min(0).max(10_000),
    handbackMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .nullable(),
    safeDomains: z
      .array(safeDomain)
      .max(50)
      .transform((domains) => [...new Set(domains)]),
  })
  .partial();
