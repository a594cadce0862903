/**
 * A driver for CPU profiles of the language server's keystroke path on one shape: chained
 * one-line edits in the middle of the file, re-parsed from the last tree and checked with the
 * document's memo, as `bench/checker.ts` times them.
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profileEdit.ts SHAPE [LINES] [EDITS]
 */
import { middleEdits } from './keystrokes.js';
import { generateShape, SHAPES, type ShapeName } from './shapes.js';

const shape = (process.argv[2] ?? 'mixed') as ShapeName;
if (!SHAPES.includes(shape)) {
  console.error(`unknown shape '${shape}': choose from ${SHAPES.join(', ')}`);
  process.exit(2);
}
const lines = Number(process.argv[3] ?? 5000);
const edits = Number(process.argv[4] ?? 200);
const r = middleEdits(generateShape(shape, lines), edits, true);
console.log(`${shape} ${lines} lines: median ${r.cpu.toFixed(1)} cpu ms per edit over ${r.edits} edits`);
