// Bundles the server into one file (dist/server/main.js): Node then resolves and compiles one module
// instead of hundreds, which is most of the cold start. better-sqlite3 stays external (native addon).
import fs from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/** Data smaller than this stays an object literal (its parse costs nothing worth a string). */
const JSON_STRING_MIN = 10_000;

/** The JSON a module holds: a `.json` file, or a `.json.js` that only re-exports its `.json` sibling. */
function jsonOf(id: string): string | null {
  if (id.endsWith('.json')) return fs.readFileSync(id, 'utf8');
  if (!id.endsWith('.json.js') || !fs.existsSync(id.slice(0, -3))) return null;
  // libphonenumber-js's metadata: `export default {…}`, the same data as the sibling file.
  const json = fs.readFileSync(id.slice(0, -3), 'utf8');
  const code = fs
    .readFileSync(id, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('//'))
    .join('\n')
    .trim();
  return code === `export default ${JSON.stringify(JSON.parse(json))}` ? json : null;
}

/**
 * Large JSON data (mime-db's table, three copies; libphonenumber-js's metadata) as `JSON.parse('…')`:
 * V8 reads a JSON string much faster than the same data written as an object literal, which is how
 * the bundler writes a JSON file that CommonJS code requires (~12 ms of CPU off each start).
 */
function jsonAsString(): Plugin {
  return {
    name: 'kora-json-as-string',
    enforce: 'pre',
    load(id) {
      const json = jsonOf(id);
      if (json === null || json.length < JSON_STRING_MIN) return null;
      const text = JSON.stringify(JSON.parse(json));
      return { code: `export default JSON.parse(${JSON.stringify(text)});`, moduleType: 'js' };
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [jsonAsString()],
  ssr: { noExternal: true, external: ['better-sqlite3'], target: 'node' },
  build: {
    ssr: 'main.ts',
    outDir: '../dist/server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'main.js', format: 'esm' } },
  },
});
