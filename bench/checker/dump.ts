/** Every diagnostic (with its message) on every shape, one per line, for comparing two versions of the checker by hand: npx tsx bench/checker/dump.ts > out.txt */
import { analyze } from '../../server/mlpipe/index.js';
import { cachedHost } from './host.js';
import { generateShape, SHAPES } from './shapes.js';

const sizes = (process.argv[2] ?? '1000,5000').split(',').map(Number);
const host = cachedHost();
for (const shape of SHAPES)
  for (const n of sizes)
    for (const d of analyze(generateShape(shape, n), host).diagnostics) console.log(`${shape}@${n} ${d.code} ${d.severity} ${d.start}-${d.end} ${d.message}`);
