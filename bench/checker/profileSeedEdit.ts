/**
 * A driver for CPU profiles of a split-seed edit on one shape: the split's seed near the top of
 * the file takes a new value on each edit, so every model's missing-every-row verdict is decided
 * again on the data (the edit `bench/lsp` times near the top), re-parsed and checked with the
 * document's memo as `keystrokes.ts` does for an edit in the middle.
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/checker/profileSeedEdit.ts SHAPE [LINES] [EDITS]
 */
import { seedEditor } from './edits.js';
import { middleEdits } from './keystrokes.js';
import { driverArgs, generateShape } from './shapes.js';

const { shape, lines, count: edits } = driverArgs({ lines: 5000, count: 100 });
const r = middleEdits(generateShape(shape, lines), edits, true, seedEditor);
console.log(`${shape} ${lines} lines, split-seed edits: median ${r.cpu.toFixed(1)} cpu ms over ${r.edits} edits`);
