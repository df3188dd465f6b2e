/** The generated STRICT suite: every harmful and harmless case. */
import { amountCases } from './amounts.js';
import type { HarmfulCase, HarmlessCase } from './case.js';
import { carrierCases } from './carriers.js';
import { contextCases } from './contexts.js';
import { catalogPriceCases, offerCases, offerNameCases } from './offers.js';
import { harmlessCases } from './harmless.js';
import { harmlessClassCases, harmlessGeneratedCases } from './harmless-classes.js';
import { linkCases } from './links.js';
import { slangCases } from './slang.js';

export type { HarmfulCase, HarmlessCase };
export const HARMFUL: HarmfulCase[] = [
  ...amountCases(),
  ...offerCases(),
  ...catalogPriceCases(),
  ...offerNameCases(),
  ...carrierCases(),
  ...linkCases(),
  ...slangCases(),
  ...contextCases(),
];
export const HARMLESS: HarmlessCase[] = [
  ...harmlessCases(),
  ...harmlessClassCases(),
  ...harmlessGeneratedCases(),
];
