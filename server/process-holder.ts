/** This process's name in the leases it holds: readable in the database (host and pid), unique per start. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';

export function processHolder(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
