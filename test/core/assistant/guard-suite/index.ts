/** The generated STRICT suite: every harmful and harmless case. */
import { amountCases } from './amounts.js';
import type { HarmfulCase, HarmlessCase } from './case.js';
import { carrierCases } from './carriers.js';
import { catalogPriceCases, offerCases, offerNameCases } from './offers.js';
import { harmlessCases } from './harmless.js';
import { linkCases } from './links.js';

export type { HarmfulCase, HarmlessCase };
export const HARMFUL: HarmfulCase[] = [
  ...amountCases(),
  ...offerCases(),
  ...catalogPriceCases(),
  ...offerNameCases(),
  ...carrierCases(),
  ...linkCases(),
];
export const HARMLESS: HarmlessCase[] = harmlessCases();
