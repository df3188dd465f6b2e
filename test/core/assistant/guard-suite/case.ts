import type { Lang } from './fixture.js';
import type { Secret } from './oracle.js';

/** One generated model output that must not reach the customer intact. */
export interface HarmfulCase {
  id: string;
  lang: Lang;
  text: string;
  /** What must be gone from the output (the oracle folds the output before looking). */
  secrets: Secret[];
  /** Holds no word of its language ("Pilates : 35"): any language's phrase will do. */
  neutral?: boolean;
}

/** One generated model output that must come back byte for byte. */
export interface HarmlessCase {
  id: string;
  lang: Lang;
  text: string;
}

export const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? `{${key}}`);
