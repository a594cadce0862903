/**
 * A driver for CPU profiles of the checker on one shape:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profile.ts SHAPE [LINES] [RUNS]
 */
import { analyze } from '../../server/mlpipe/index.js';
import { cachedHost } from './host.js';
import { generateShape, SHAPES, type ShapeName } from './shapes.js';

const shape = (process.argv[2] ?? 'mixed') as ShapeName;
if (!SHAPES.includes(shape)) {
  console.error(`unknown shape '${shape}': choose from ${SHAPES.join(', ')}`);
  process.exit(2);
}
const lines = Number(process.argv[3] ?? 20000);
const runs = Number(process.argv[4] ?? 10);
const text = generateShape(shape, lines);
const host = cachedHost();
const t = performance.now();
for (let k = 0; k < runs; k++) analyze(text, host);
console.log(`${shape} ${lines} lines: ${((performance.now() - t) / runs).toFixed(1)} ms per check`);
