/** `npm run kora -- <command>`: maintenance commands beside `npm start`. */
import { ConfigError, loadConfig } from './config.js';
import { migrateToPostgres } from './migrate-command.js';

const COMMANDS: Record<string, typeof migrateToPostgres> = {
  'migrate-to-postgres': migrateToPostgres,
};

async function main(argv: string[]): Promise<number> {
  const write = (line: string) => process.stderr.write(`${line}\n`);
  // On a terminal a table's progress line is redrawn in place; in a log, only its final line is kept.
  const progress = process.stderr.isTTY
    ? (line: string, done: boolean) => process.stderr.write(`\r${line}${done ? '\n' : ''}`)
    : undefined;
  const command = COMMANDS[argv[0] ?? ''];
  if (!command) {
    write(`usage: npm run kora -- <command>; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    return await command(loadConfig(process.env), { write, progress });
  } catch (error) {
    if (error instanceof ConfigError) {
      write(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
