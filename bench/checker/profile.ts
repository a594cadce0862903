/**
 * A driver for CPU profiles of the checker on one shape:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profile.ts SHAPE [LINES] [RUNS]
 */
import { analyze } from '../../server/mlpipe/index.js';
import { cachedHost } from './host.js';
import { driverArgs, generateShape } from './shapes.js';

const { shape, lines, count: runs } = driverArgs({ lines: 20000, count: 10 });
const text = generateShape(shape, lines);
const host = cachedHost();
const t = performance.now();
for (let k = 0; k < runs; k++) analyze(text, host);
console.log(`${shape} ${lines} lines: ${((performance.now() - t) / runs).toFixed(1)} ms per check`);
