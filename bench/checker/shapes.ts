/**
 * Generated pipelines of the shapes a checker meets, each padded to a requested line count, so
 * the benchmark and the regression test see the same files. Every shape starts from the clean
 * fixture pipeline (two data blocks over the fixture CSVs, one model, serve, monitor).
 */
import { basePipeline } from '../../test/unit/checker/fixture.js';

export type ShapeName = 'mixed' | 'features-used' | 'features-diagnostics' | 'models' | 'nested' | 'comments' | 'small-blocks';

/** The fixture pipeline without its trailing newline, as lines. */
function base(): string[] {
  return basePipeline().trimEnd().split('\n');
}

/** The benchmark's original shape: features in threes, each triple read by a small model. */
function mixed(lines: number): string[] {
  const out = base();
  for (let i = 0; out.length < lines; i++) {
    out.push(`feature f${i}_a = fill_missing(window_sum(orders.order_value, ${7 + (i % 80)}d, as_of = customers.snapshot_at), 0)`);
    out.push(`feature f${i}_b = standardize(log1p(f${i}_a)) * 2 + clip(fill_missing(tenure_days, 0), 0, 900) / 10`);
    out.push(`feature f${i}_c = bucketize(f${i}_b, [-1, 0, 1]) + hash_bucket(customer_id, 16)`);
    out.push(`model m${i} {`, '  kind   = mlp', `  inputs = [tenure, spend_z, plan, f${i}_b, f${i}_c]`, '  seed   = 7', '}', '');
  }
  return out;
}

/** Features with every transform, each one read by a model (directly or through another feature). */
function featuresUsed(lines: number): string[] {
  const out = base();
  const perModel = 40;
  // Each model reads the next 40 features and takes 6 lines.
  const models = Math.max(1, Math.ceil((lines - out.length) / (perModel + 6)));
  const features = models * perModel;
  const exprs = [
    (_i: number) => 'fill_missing(customers.tenure_days, 0)',
    (i: number) => `standardize(g${i - 1})`,
    (i: number) => `fill_missing(window_mean(orders.order_value, ${7 + (i % 80)}d, as_of = customers.snapshot_at), 0)`,
    (i: number) => `log1p(g${i - 3}) + g${i - 1} * 2 - clip(g${i - 2}, 0, 900) / 10`,
    (_i: number) => 'one_hot(customers.plan)',
    (_i: number) => 'hash_bucket(customer_id, 16)',
    (i: number) => `bucketize(g${i - 6}, [-1, 0, 1])`,
    (i: number) => `min_max(fill_missing(window_sum(orders.order_value, 30d, as_of = snapshot_at), 0)) + g${i - 7}`,
  ];
  for (let i = 0; i < features; i++) out.push(`feature g${i} = ${exprs[i % exprs.length](i)}`);
  for (let m = 0; m < models; m++) {
    const inputs = Array.from({ length: perModel }, (_, k) => `g${m * perModel + k}`);
    out.push('', `model gm${m} {`, '  kind   = mlp', `  inputs = [${inputs.join(', ')}]`, `  seed   = ${m + 1}`, '}');
  }
  return out;
}

/** Features no model reads, most with a problem: thousands of diagnostics of several codes. */
function featuresDiagnostics(lines: number): string[] {
  const out = base();
  const exprs = [
    (_i: number) => 'log1p(customers.tenure_days)', // implicit missing, unused
    (_i: number) => 'fill_missing(customers.no_such_column, 0)', // unknown reference
    (_i: number) => 'log1p(fill_missing(customers.plan, "x"))', // type mismatch
    (_i: number) => 'standardize(fill_missing(tenure_days, 0), mean = 3, std = 2)', // hard-coded baseline
    (_i: number) => 'fill_missing(orders.order_value, 0)', // history column read without a window
    (i: number) => `no_such_transform(h${Math.max(0, i - 1)})`, // unknown transform
    (i: number) => `standardize(h${i}, fit = all)`, // a cycle on itself, fitted on all data
    (_i: number) => 'fill_missing(churned, 0) * 2', // target leakage
    (i: number) => `fill_missing(tenure_dys, ${i}) + spend_zz`, // misspelt names: did you mean
    (i: number) => `log1p(h${i - 1}_typo)`, // a misspelling of its own, among thousands of names
  ];
  for (let i = 0; out.length < lines; i++) out.push(`feature h${i} = ${exprs[i % exprs.length](i)}`);
  return out;
}

/** Many model blocks, a few features each, some with problems (no seed, unknown input, bad value). */
function models(lines: number): string[] {
  const out = base();
  for (let m = 0; out.length < lines; m++) {
    out.push(
      '',
      `model mm${m} {`,
      `  kind          = ${m % 17 === 3 ? 'forest' : m % 2 ? 'mlp' : 'logistic'}`,
      `  inputs        = [tenure, spend_z, plan${m % 13 === 5 ? ', missing_input' : ''}]`,
      '  layers        = [16, 8]',
      '  epochs        = 5',
      '  batch_size    = 16',
      '  learning_rate = 0.01',
    );
    if (m % 5 !== 0) out.push(`  seed          = ${m + 1}`);
    out.push('}');
  }
  return out;
}

/** Long expressions: deeply nested calls and parentheses, and long operator chains over many lines. */
function nested(lines: number): string[] {
  const out = base();
  for (let i = 0; out.length < lines; i++) {
    if (i % 2 === 0) {
      // 24 nested calls and parentheses on one line.
      let e = 'tenure';
      for (let d = 0; d < 12; d++) e = d % 2 ? `log1p((${e}) + ${d})` : `fill_missing(${e} * 2, 0)`;
      out.push(`feature n${i} = ${e}`);
    } else {
      // One chain over 20 lines, inside parentheses.
      const terms = Array.from({ length: 20 }, (_, k) => `  ${k % 3 ? '*' : '+'} clip(n${i - 1} - ${k}, 0, ${k + 10}) / (tenure + ${k})`);
      out.push(`feature n${i} = (spend_z`, ...terms, ')');
    }
  }
  out.push('', 'model nm {', '  kind   = mlp', `  inputs = [${Array.from({ length: 20 }, (_, k) => `n${k}`).join(', ')}]`, '  seed   = 1', '}');
  return out;
}

/** A pipeline line, then nothing but comments. */
function comments(lines: number): string[] {
  const out = ['pipeline only_comments'];
  for (let i = 0; out.length < lines; i++) out.push(i % 10 === 0 ? '' : `# comment line ${i}: a note about the pipeline, ${'x'.repeat(i % 40)}`);
  return out;
}

/** Many short blocks of every kind, including repeated singletons and unknown kinds. */
function smallBlocks(lines: number): string[] {
  const out = base();
  const blocks = [
    (i: number) => [`data t${i} {`, '  source = "orders.csv"', '  key    = customer_id', '  time   = ordered_at', '}'],
    (i: number) => [`register r${i} {`, '  from = m', '}'],
    (i: number) => [`model sm${i} { kind = linear, inputs = [tenure], seed = ${i} }`],
    (_i: number) => ['split {', '  test = 0.3', '}'],
    (i: number) => [`widget w${i} {`, '  size = 3', '}'],
    (_i: number) => ['evaluate {', '  require auc >= 0.6', '}'],
  ];
  for (let i = 0; out.length < lines; i++) out.push('', ...blocks[i % blocks.length](i));
  return out;
}

const GENERATORS: Record<ShapeName, (lines: number) => string[]> = {
  mixed,
  'features-used': featuresUsed,
  'features-diagnostics': featuresDiagnostics,
  models,
  nested,
  comments,
  'small-blocks': smallBlocks,
};

export const SHAPES = Object.keys(GENERATORS) as ShapeName[];

/** A pipeline of the given shape, about `lines` lines long (never fewer). */
export function generateShape(shape: ShapeName, lines: number): string {
  return GENERATORS[shape](lines).join('\n') + '\n';
}

/**
 * The profiling drivers' command line, `SHAPE [LINES] [COUNT]`: the shape (default mixed), its
 * size and how many runs or edits; an unknown shape ends the process with the list.
 */
export function driverArgs(defaults: { lines: number; count: number }): { shape: ShapeName; lines: number; count: number } {
  const shape = (process.argv[2] ?? 'mixed') as ShapeName;
  if (!SHAPES.includes(shape)) {
    console.error(`unknown shape '${shape}': choose from ${SHAPES.join(', ')}`);
    process.exit(2);
  }
  return { shape, lines: Number(process.argv[3] ?? defaults.lines), count: Number(process.argv[4] ?? defaults.count) };
}
