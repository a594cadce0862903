/**
 * Two builds of the keystroke path (re-parse from the last tree, bind, check with the
 * document's memo) on the same shapes, edits interleaved (A, B, A, B…) so a busy machine slows
 * both alike: one-line edits in the middle of the file as `bench/checker.ts` makes them, CPU
 * median per edit, with each phase's median (re-parse, bind, check) and B/A. Build each side as a
 * CommonJS bundle of `bench/checker/editEntry.ts` from its checkout:
 *   npx esbuild bench/checker/editEntry.ts --bundle --platform=node --format=cjs --outfile=/tmp/A.js
 * (in a checkout without that file, copy it in first), then:
 *   npx tsx bench/checker/compareEdits.ts A.js B.js [--lines 5000] [--edits 40] [--shape NAME,…]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type * as Entry from './editEntry.js';
import { middleEditor } from './edits.js';
import { cpuMs, median } from './measure.js';
import { compareArgs } from './compareArgs.js';
import { generateShape } from './shapes.js';

const { a, b, lines, count: edits, shapes } = compareArgs('compareEdits.ts', 'edits', 40);
const sides = [a, b].map((p) => require(resolve(p)) as typeof Entry);
const WARM_UP = 4;

console.log(`\n${a} (A) against ${b} (B): one-line edits in the middle of ${lines} lines, ${edits} interleaved edits each, CPU median ms (load ${loadavg()[0].toFixed(1)})`);
console.log('| shape | A | B | B/A | re-parse A / B | bind A / B | check A / B |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const shape of shapes) {
  const runs = sides.map((m) => {
    const text = generateShape(shape, lines);
    const host = { ...m.cachedHost(), memo: new m.CheckMemo() };
    const file = m.parse(text);
    m.check(file, host, new m.LineMap(text));
    return { m, text, file, host, edit: middleEditor(text), total: [] as number[], reparse: [] as number[], bind: [] as number[], check: [] as number[] };
  });
  for (let i = 0; i < edits + WARM_UP; i++)
    for (const r of runs) {
      const e = r.edit(r.text, i);
      const c0 = cpuMs();
      r.file = r.m.reparse(r.file, e.text).file;
      const c1 = cpuMs();
      const lm = new r.m.LineMap(e.text);
      const binding = r.m.bind(r.file);
      const c2 = cpuMs();
      r.m.check(r.file, r.host, lm, binding);
      const c3 = cpuMs();
      r.text = e.text;
      if (i < WARM_UP) continue;
      r.total.push(c3 - c0);
      r.reparse.push(c1 - c0);
      r.bind.push(c2 - c1);
      r.check.push(c3 - c2);
    }
  const [ra, rb] = runs;
  const pair = (k: 'reparse' | 'bind' | 'check') => `${median(ra[k]).toFixed(1)} / ${median(rb[k]).toFixed(1)}`;
  const [ma, mb] = [median(ra.total), median(rb.total)];
  console.log(`| ${shape} | ${ma.toFixed(1)} | ${mb.toFixed(1)} | ${(mb / ma).toFixed(2)} | ${pair('reparse')} | ${pair('bind')} | ${pair('check')} |`);
}
console.log(`load ${loadavg()[0].toFixed(1)} at the end`);
