/** zod at the edge: the first problem becomes a ValidationError naming the field. */
import type { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError('the body must be a JSON object', 'body');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
    const field = `${prefix}${issue.keys[0]}`;
    throw new ValidationError(`${field}: unknown field`, field);
  }
  const field = issue.path.join('.') || undefined;
  throw new ValidationError(field ? `${field}: ${issue.message}` : issue.message, field);
}
