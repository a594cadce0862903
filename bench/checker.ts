// Median time to check a generated 5,000-line pipeline (data hashing excluded: the data
// facts are built once, as the language server's cache holds them), against a lexer-only
// pass over the same text measured in the same run. Target: check at most 20 ms.
// Run: npx tsx bench/checker.ts [--lines N]   (prints, never asserts)
import { analyze, type CheckHost } from '../server/mlpipe/index.js';
import { format } from '../server/mlpipe/format/format.js';
import { lex } from '../server/mlpipe/syntax/lexer.js';
import { parse } from '../server/mlpipe/syntax/parser.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from '../test/unit/checker/fixture.js';

/** A realistic large pipeline: the clean base plus many features, models and monitors. */
export function generatePipeline(lines: number): string {
  const out = basePipeline().split('\n');
  let i = 0;
  while (out.length < lines) {
    out.push(`feature f${i}_a = fill_missing(window_sum(orders.order_value, ${7 + (i % 80)}d, as_of = customers.snapshot_at), 0)`);
    out.push(`feature f${i}_b = standardize(log1p(f${i}_a)) * 2 + clip(fill_missing(tenure_days, 0), 0, 900) / 10`);
    out.push(`feature f${i}_c = bucketize(f${i}_b, [-1, 0, 1]) + hash_bucket(customer_id, 16)`);
    out.push(`model m${i} {`, '  kind   = mlp', `  inputs = [tenure, spend_z, plan, f${i}_b, f${i}_c]`, '  seed   = 7', '}', '');
    i++;
  }
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, runs: number): number {
  for (let k = 0; k < 3; k++) f(); // warm up the JIT
  const xs: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = process.hrtime.bigint();
    f();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(xs);
}

if (require.main === module && !process.env.NO_MAIN) main();
function main(): void {
const at = process.argv.indexOf('--lines');
const lines = at > 0 ? Number(process.argv[at + 1]) : 5000;
const text = generatePipeline(lines);
const inner = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
const cache = new Map<string, ReturnType<NonNullable<CheckHost['data']>>>();
const host: CheckHost = {
  data: (s) => {
    if (!cache.has(s)) cache.set(s, inner.data!(s));
    return cache.get(s);
  },
  fileExists: inner.fileExists,
};
const diagnostics = analyze(text, host).diagnostics;

const lexMs = time(() => lex(text), 30);
const rows = [
  ['lex only (baseline)', lexMs],
  ['parse', time(() => parse(text), 30)],
  ['check (parse + bind + every rule)', time(() => analyze(text, host), 30)],
  ['format', time(() => format(text), 20)],
] as const;

console.log(`\nchecker: ${text.split('\n').length} lines, ${diagnostics.length} diagnostics, median of 30 runs`);
console.log('| step | ms | x lex | target |');
console.log('| --- | ---: | ---: | --- |');
for (const [name, ms] of rows)
  console.log(`| ${name} | ${ms.toFixed(2)} | ${(ms / lexMs).toFixed(1)} | ${name.startsWith('check') ? (ms <= 20 ? '<= 20 ms: met' : '<= 20 ms: MISSED') : ''} |`);
}
