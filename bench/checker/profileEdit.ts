/**
 * A driver for CPU profiles of the language server's keystroke path on one shape: chained
 * one-line edits in the middle of the file, re-parsed from the last tree and checked with the
 * document's memo, as `bench/checker.ts` times them.
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profileEdit.ts SHAPE [LINES] [EDITS]
 */
import { check } from '../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../server/mlpipe/checker/memo.js';
import { reparse } from '../../server/mlpipe/syntax/incremental.js';
import { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { middleEditor } from './edits.js';
import { cachedHost } from './host.js';
import { cpuMs, median } from './measure.js';
import { generateShape, SHAPES, type ShapeName } from './shapes.js';

const shape = (process.argv[2] ?? 'mixed') as ShapeName;
if (!SHAPES.includes(shape)) {
  console.error(`unknown shape '${shape}': choose from ${SHAPES.join(', ')}`);
  process.exit(2);
}
const lines = Number(process.argv[3] ?? 5000);
const edits = Number(process.argv[4] ?? 200);
let text = generateShape(shape, lines);
const host = { ...cachedHost(), memo: new CheckMemo() };
let file = parse(text);
check(file, host, new LineMap(text));
const edit = middleEditor(text);
const cpus: number[] = [];
for (let i = 0; i < edits; i++) {
  const e = edit(text, i);
  const c = cpuMs();
  file = reparse(file, e.text).file;
  check(file, host, new LineMap(e.text));
  if (i >= 4) cpus.push(cpuMs() - c);
  text = e.text;
}
console.log(`${shape} ${lines} lines: median ${median(cpus).toFixed(1)} cpu ms per edit over ${cpus.length} edits`);
