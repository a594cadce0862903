/**
 * Two builds of the checker on the same shapes, runs interleaved (A, B, A, B…) so a busy
 * machine slows both alike: prints each one's fastest and median time and B/A. Build each side
 * as a CommonJS bundle exporting `analyze` (esbuild an entry `export { analyze } from
 * './server/mlpipe/index.js'` from each checkout), then:
 *   npx tsx bench/checker/compare.ts A.js B.js [--lines 5000] [--runs 15] [--shape NAME,…]
 */
import { resolve } from 'node:path';
import type { analyze as Analyze } from '../../server/mlpipe/index.js';
import { cachedHost } from './host.js';
import { median } from './measure.js';
import { compareArgs } from './compareArgs.js';
import { generateShape } from './shapes.js';

const { a, b, lines, count: runs, shapes } = compareArgs('compare.ts', 'runs', 15);
const load = (p: string) => (require(resolve(p)) as { analyze: typeof Analyze }).analyze;
const sides = [load(a), load(b)];
const host = cachedHost();

console.log(`\n${a} (A) against ${b} (B), ${lines} lines, ${runs} interleaved runs each`);
console.log('| shape | A min | B min | B/A min | A median | B median | B/A median |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const shape of shapes) {
  const text = generateShape(shape, lines);
  const xs: number[][] = [[], []];
  for (let k = 0; k < runs + 3; k++)
    for (let s = 0; s < 2; s++) {
      const t = performance.now();
      sides[s](text, host);
      if (k >= 3) xs[s].push(performance.now() - t); // the first runs warm the JIT up
    }
  const [minA, minB] = xs.map((x) => Math.min(...x));
  const [medA, medB] = xs.map(median);
  console.log(`| ${shape} | ${minA.toFixed(1)} | ${minB.toFixed(1)} | ${(minB / minA).toFixed(2)} | ${medA.toFixed(1)} | ${medB.toFixed(1)} | ${(medB / medA).toFixed(2)} |`);
}
