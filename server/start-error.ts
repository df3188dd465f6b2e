/**
 * A start that cannot go on for a reason outside the configuration's syntax (the database cannot be
 * reached, a part this build lacks): `npm start` prints its message as one line and exits.
 */
export class StartError extends Error {
  readonly code = 'start_failed';
}
