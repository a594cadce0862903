/**
 * A driver for CPU profiles of the language server's keystroke path on one shape: chained
 * one-line edits in the middle of the file, re-parsed from the last tree and checked with the
 * document's memo, as `bench/checker.ts` times them.
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profileEdit.ts SHAPE [LINES] [EDITS]
 */
import { middleEdits } from './keystrokes.js';
import { driverArgs, generateShape } from './shapes.js';

const { shape, lines, count: edits } = driverArgs({ lines: 5000, count: 200 });
const r = middleEdits(generateShape(shape, lines), edits, true);
console.log(`${shape} ${lines} lines: median ${r.cpu.toFixed(1)} cpu ms per edit over ${r.edits} edits`);
