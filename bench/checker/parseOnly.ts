/**
 * The parse alone, repeated, for instruction counts and bytes: WARM parses first, then COUNT more,
 * printing the bytes each of the COUNT allocated (heap growth; give a semi-space large enough that
 * no collection falls inside, `--trace-gc` shows it) and the tree's nodes by kind. Count
 * instructions as I(WARM + COUNT) - I(WARM) on an esbuild bundle of this file:
 *   node --predictable --min-semi-space-size=128 --max-semi-space-size=128 parseOnly.cjs SHAPE [LINES] [COUNT] [WARM]
 */
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { generateShape, driverArgs } from './shapes.js';

const { shape, lines, count } = driverArgs({ lines: 5000, count: 10 });
const warm = Number(process.argv[5] ?? 30);
const text = generateShape(shape, lines);

let sink = 0;
for (let i = 0; i < warm; i++) sink += parse(text).statements.length;
let least = Infinity;
for (let i = 0; i < count; i++) {
  const before = process.memoryUsage().heapUsed;
  sink += parse(text).statements.length;
  const grown = process.memoryUsage().heapUsed - before;
  // A collection inside the parse shrinks the heap: such a parse says nothing about its bytes.
  if (grown >= 0) least = Math.min(least, grown);
}

/** Objects and arrays reachable from the tree, by `kind` (arrays as `[]`), not counting the text. */
function census(root: unknown): Map<string, number> {
  const seen = new Set<object>();
  const byKind = new Map<string, number>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const k = Array.isArray(v) ? '[]' : String((v as { kind?: unknown }).kind ?? '{}');
    byKind.set(k, (byKind.get(k) ?? 0) + 1);
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push(x);
  }
  return byKind;
}

const kinds = [...census(parse(text))].sort((a, b) => b[1] - a[1]);
const total = kinds.reduce((s, [, n]) => s + n, 0);
console.log(`${shape} ${lines} lines: ${(least / 1e6).toFixed(2)} MB allocated per parse (least of ${count}, collections left out), ${total} objects (sink ${sink})`);
console.log(kinds.map(([k, n]) => `${k} ${n}`).join(', '));
