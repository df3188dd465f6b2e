/** zod schemas several channels' variables share (each channel declares its own variables). */
import { z } from 'zod';

/** An http(s) URL, without its trailing slashes. */
export const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));

/**
 * Two variables that turn a channel on together (an id and its secret): both, or neither, and then
 * none of the channel's optional ones. The two values, or null when the channel is off.
 */
export function bothOrNeither(
  values: Readonly<Record<string, unknown>>,
  [first, second]: readonly [string, string],
  optional: readonly string[],
  fail: (message: string) => never,
  what: string,
): [string, string] | null {
  const a = values[first] as string | undefined;
  const b = values[second] as string | undefined;
  if (!a !== !b) {
    const [missing, given] = a ? [second, first] : [first, second];
    fail(`${missing} is required with ${given}: set both, or unset both to turn ${what} off.`);
  }
  if (!a || !b) {
    const orphan = optional.find((name) => values[name]);
    if (orphan) fail(`${orphan} needs ${first} and ${second}: set them, or unset ${orphan}.`);
    return null;
  }
  return [a, b];
}
