import { engineOnly } from './bench/ingest.js';
const r = await engineOnly(10000, 1);
console.log(JSON.stringify(r));
