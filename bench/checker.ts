// The checker on every shape of file it meets (bench/checker/shapes.ts) at 1k, 5k and 20k
// lines: the median time of a full check (parse + bind + every rule, data facts cached as the
// language server holds them) and the 20k/5k ratio (4 means linear), with a lexer-only pass
// over the same 5k text as the baseline measured in the same run.
// Targets: at most 20 ms for 5,000 lines (stretch 10 ms), ratio at most 4.5.
// Run: npx tsx bench/checker.ts [--shape NAME,…] [--sizes 1000,5000,20000] [--clock wall|cpu] [--stat median|min]
// (prints, never asserts; on a loaded machine `--clock cpu` and `--stat min` are steadier).
import { analyze } from '../server/mlpipe/index.js';
import { lex } from '../server/mlpipe/syntax/lexer.js';
import { cachedHost } from './checker/host.js';
import { time, type Clock } from './checker/measure.js';
import { generateShape, SHAPES, type ShapeName } from './checker/shapes.js';

const TARGET_MS = 20;
const TARGET_RATIO = 4.5;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

function main(): void {
  const shapes = (option('shape')?.split(',') as ShapeName[] | undefined) ?? SHAPES;
  const unknown = shapes.filter((s) => !SHAPES.includes(s));
  if (unknown.length) {
    console.error(`unknown shape ${unknown.join(', ')}: choose from ${SHAPES.join(', ')}`);
    process.exit(2);
  }
  const sizes = (option('sizes') ?? '1000,5000,20000').split(',').map(Number);
  const clock = (option('clock') ?? 'wall') as Clock;
  if (clock !== 'wall' && clock !== 'cpu') {
    console.error(`unknown clock '${clock}': choose wall or cpu`);
    process.exit(2);
  }
  const stat = option('stat') === 'min' ? 'min' : 'median';
  const host = cachedHost();
  console.log(`\nchecker: full check per shape, ${stat} ${clock} ms (node ${process.version})`);
  console.log(`| shape | diagnostics at 5k | ${sizes.map((n) => `${n / 1000}k ms`).join(' | ')} | 20k/5k | lex 5k ms | target (${TARGET_MS} ms at 5k, ratio <= ${TARGET_RATIO}) |`);
  console.log(`| --- | ---: | ${sizes.map(() => '---:').join(' | ')} | ---: | ---: | --- |`);
  let missed = 0;
  for (const shape of shapes) {
    const ms = new Map<number, number>();
    for (const n of sizes) {
      const text = generateShape(shape, n);
      ms.set(n, time(() => analyze(text, host), { budgetMs: n >= 20000 ? 3000 : 1500, clock, stat }));
    }
    const five = generateShape(shape, 5000);
    const diagnostics = analyze(five, host).diagnostics.length;
    const lexMs = time(() => lex(five), { clock, stat });
    const at5 = ms.get(5000);
    const ratio = at5 !== undefined && ms.has(20000) ? ms.get(20000)! / at5 : undefined;
    const met = (at5 === undefined || at5 <= TARGET_MS) && (ratio === undefined || ratio <= TARGET_RATIO);
    if (!met) missed++;
    console.log(
      `| ${shape} | ${diagnostics} | ${sizes.map((n) => ms.get(n)!.toFixed(2)).join(' | ')} | ${ratio?.toFixed(2) ?? '—'} | ${lexMs.toFixed(2)} | ${met ? 'met' : 'MISSED'} |`,
    );
  }
  console.log(missed ? `\n${missed} shape(s) miss a target` : '\nevery shape meets both targets');
}

main();
