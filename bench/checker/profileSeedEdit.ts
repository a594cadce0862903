/**
 * A driver for CPU profiles of a split-seed edit on one shape: the split's seed near the top of
 * the file changes back and forth, so every model's missing-every-row verdict is decided again
 * on the data (the edit `bench/lsp` times near the top).
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profileSeedEdit.ts SHAPE [LINES] [EDITS]
 */
import { check } from '../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../server/mlpipe/checker/memo.js';
import { reparse } from '../../server/mlpipe/syntax/incremental.js';
import { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { cachedHost } from './host.js';
import { cpuMs, median } from './measure.js';
import { driverArgs, generateShape } from './shapes.js';

const { shape, lines, count: edits } = driverArgs({ lines: 5000, count: 100 });
let text = generateShape(shape, lines);
const seed = /seed = (\d+)/.exec(text);
if (!seed) throw new Error('no seed to edit');
const at = seed.index + seed[0].length - seed[1].length;
const host = { ...cachedHost(), memo: new CheckMemo() };
let file = parse(text);
check(file, host, new LineMap(text));
const cpus: number[] = [];
for (let i = 0; i < edits; i++) {
  // A new seed each time: a seed seen before would find its verdicts kept.
  const next = text.slice(0, at) + String(1000 + i) + text.slice(at + String(i === 0 ? seed[1] : 999 + i).length);
  const c = cpuMs();
  file = reparse(file, next).file;
  const r = check(file, host, new LineMap(next));
  if (i >= 4) cpus.push(cpuMs() - c);
  if (i === 0) console.log(`${r.diagnostics.length} diagnostics`);
  text = next;
}
console.log(`${shape} ${lines} lines, split-seed edits: median ${median(cpus).toFixed(1)} cpu ms over ${cpus.length} edits`);
