/** The command line both A/B comparisons take: two bundles, then `--lines`, a count and `--shape`. */
import { SHAPES, type ShapeName } from './shapes.js';
import { numberOption, option } from '../argv.js';

export function compareArgs(script: string, count: string, countDefault: number): { a: string; b: string; lines: number; count: number; shapes: readonly ShapeName[] } {
  const [a, b] = process.argv.slice(2, 4);
  if (!a || !b) {
    console.error(`usage: ${script} A.js B.js [--lines N] [--${count} N] [--shape NAME,…]`);
    process.exit(2);
  }
  return {
    a,
    b,
    lines: numberOption('lines', 5000),
    count: numberOption(count, countDefault),
    shapes: (option('shape')?.split(',') as ShapeName[] | undefined) ?? SHAPES,
  };
}
