/**
 * Adding a transform is one file and one line in the catalogue's index: these tests register
 * throwaway transforms (here, in the test only) through the index's API and see every consumer
 * pick them up, with no other module touched: the checker types and judges them, the engine
 * compiles, fits and applies them, serving's row path computes them, hover and completion
 * show them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import { completeAt } from '../../../server/lsp/completion.js';
import { hoverAt } from '../../../server/lsp/hover.js';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { buildHistoryIndex, fitPlan, readState, transformBatch, transformRow } from '../../../server/mlpipe/features/index.js';
import { finite, numbersOnly } from '../../../server/mlpipe/transforms/literals.js';
import { registerTransform, rowTransform, TRANSFORMS } from '../../../server/mlpipe/transforms/index.js';
import { basePipeline, checkText, CUSTOMERS, edit, ORDERS } from '../checker/fixture.js';
import { planOf, table } from '../features/helpers.js';

/** A transform that fits nothing: `-x`. */
const negate = rowTransform({
  name: 'negate',
  signature: 'negate(x)',
  snippet: 'negate(${1:x})',
  doc: 'Minus x, elementwise (a transform added by a test).',
  fitted: false,
  input: 'numeric',
  numeric: true,
  args: [{ name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' }],
  result: (x) => (x === 'integer' ? 'integer' : 'number'),
  fits: () => [],
  // -x of a present number in float32's range is one too.
  producesUnusable: false,
  kernels: {
    compile: (): Record<string, never> => ({}),
    key: (x) => `negate(${x})`,
    output: numbersOnly('negate'),
    prepare: () => undefined,
    apply(row, x, out) {
      row.num[out] = -row.num[x];
    },
  },
});

/** A fitted one: `x - center`, the training split's median unless given. */
const centerState = z.object({ kind: z.literal('center'), median: z.number(), count: z.number() });
const center = rowTransform({
  name: 'center',
  signature: 'center(x, median =, fit = train)',
  snippet: 'center(${1:x})',
  doc: 'x minus the median of the training split (a transform added by a test).',
  fitted: true,
  input: 'numeric',
  numeric: true,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' },
    { name: 'median', kind: 'number', literalStatistic: true, doc: 'a literal median' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
  ],
  result: () => 'number',
  fits: (args) => (args.has('median') ? [] : ['median']),
  // x - median of two numbers in range can leave it.
  producesUnusable: true,
  state: centerState,
  kernels: {
    compile: (args): { median?: number } => {
      const m = args.get('median');
      return { median: m?.kind === 'Number' ? m.value : undefined };
    },
    key: (x, p, fit) => `center(${x}${p.median === undefined ? '' : `, median=${p.median}`}, fit=${fit})`,
    output: numbersOnly('center'),
    fit: {
      needed: (p) => p.median === undefined,
      sample: 'numbers',
      learn(sample, p) {
        const sorted = Float64Array.from(sample.values).sort();
        const median = p.median ?? (sorted.length === 0 ? 0 : sorted[(sorted.length - 1) >> 1]);
        return { kind: 'center' as const, median, count: sample.count };
      },
    },
    prepare: (p, s) => p.median ?? s!.median,
    apply(row, x, out, median) {
      row.num[out] = finite(row.num[x] - median);
    },
  },
});

describe('a transform added through the index', () => {
  const removers: Array<() => void> = [];
  before(() => {
    removers.push(registerTransform(negate), registerTransform(center));
  });
  after(() => {
    for (const remove of removers) remove();
  });

  it('is in the catalogue every consumer reads', () => {
    assert.equal(TRANSFORMS.negate, negate);
    assert.equal(TRANSFORMS.center, center);
  });

  it('is typed and judged by the checker', () => {
    const base = basePipeline();
    const clean = edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = center(negate(fill_missing(tenure_days, 0)))');
    assert.deepEqual(checkText(clean).map((d) => d.code), []);
    const text = edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = negate(fill_missing(customers.plan, "none"))');
    const mismatch = checkText(text).filter((d) => d.code === 'type-mismatch');
    assert.equal(mismatch.length, 1, JSON.stringify(checkText(text)));
    const tooMany = edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = negate(fill_missing(tenure_days, 0), 2)');
    assert.ok(checkText(tooMany).some((d) => d.severity === 'error'), 'an extra argument is an error');
    // Literal statistics of a fitted transform are reported like every other's.
    const literal = edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = center(fill_missing(tenure_days, 0), median = 3)');
    assert.deepEqual(checkText(literal).map((d) => d.code), ['skew/hard-coded-baseline']);
  });

  it('is compiled, fitted and applied by the engine, in batch and per row, and its state is read back', () => {
    const customers = table('customers', { customer_id: [1, 2, 3, 4, 5], x: [1, 5, NaN, 2, 40], churned: [0, 1, 0, 1, 0] });
    const plan = planOf('feature n = negate(x)\nfeature c = center(x)\nfeature cn = center(negate(x), median = 1)', ['n', 'c', 'cn'], { name: 'customers', key: 'customer_id', target: 'churned' }, {});
    assert.deepEqual(plan.nodes.map((n) => n.key).filter((k) => k !== 'customers.x'), ['negate(customers.x)', 'center(customers.x, fit=train)', 'center(negate(customers.x), median=1, fit=train)']);
    const data = { tables: new Map([['customers', customers]]) };
    const split = Uint8Array.from([0, 0, 0, 0, 1]);
    const state = fitPlan(plan, data, split);
    assert.deepEqual(state.nodes['center(customers.x, fit=train)'], { kind: 'center', median: 2, count: 3 });
    const batch = transformBatch(plan, readState(JSON.parse(JSON.stringify(state))), data);
    assert.deepEqual(batch.columns, ['n', 'c', 'cn']);
    assert.deepEqual([...batch.x], [-1, -1, -2, -5, 3, -6, NaN, NaN, NaN, -2, 0, -3, -40, 38, -41]);
    const row = transformRow(plan, state, { customer_id: 9, x: 7 }, buildHistoryIndex(plan, data));
    assert.deepEqual([...row], [-7, 5, -8]);
    assert.throws(() => readState({ ...state, nodes: { ...state.nodes, 'center(customers.x, fit=train)': { kind: 'center', count: 1 } } }), /center/);
  });

  it('is shown by hover and completion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-register-'));
    try {
      writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
      writeFileSync(join(dir, 'orders.csv'), ORDERS);
      writeFileSync(join(dir, 'package-lock.json'), '{}');
      const text = edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = negate(fill_missing(tenure_days, 0))');
      const path = join(dir, 'churn.mlpipe');
      const a: DocAnalysis = { ...(await checkDocument(path, text, new DataInspector())), uri: `file://${path}`, version: 1, path, text };
      const hover = hoverAt(a, text.indexOf('negate(') + 2);
      assert.ok(hover, 'no hover on negate');
      assert.match(JSON.stringify(hover.contents), /Minus x, elementwise/);
      const at = text.indexOf('negate(') + 3;
      const typed = text.slice(0, at) + text.slice(text.indexOf('(', at));
      const list = completeAt(typed, at, a);
      const item = list.items.find((i) => i.label === 'negate');
      assert.ok(item, `no completion for negate among ${list.items.map((i) => i.label).join(', ')}`);
      assert.ok(list.items.some((i) => i.label === 'center'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is removed again without a trace', () => {
    const remove = registerTransform({ ...negate, name: 'negate_twice' });
    assert.ok('negate_twice' in TRANSFORMS);
    remove();
    assert.ok(!('negate_twice' in TRANSFORMS));
  });
});

// A fitted transform's fit kernel must give its state schema's type: this does not compile.
// @ts-expect-error 'mid' is not the schema's 'median'
void rowTransform({
  ...center,
  kernels: {
    ...center.kernels,
    fit: {
      ...center.kernels.fit,
      learn: (sample) => ({ kind: 'center' as const, mid: 0, count: sample.count }),
    },
  },
});

describe('the catalogue refuses a signature that names an argument twice', () => {
  it('at registration, naming the transform and the argument', () => {
    const twice = { ...negate, name: 'negate_twice', args: [...negate.args, { ...negate.args[0]!, position: 1, required: false }] };
    assert.throws(() => registerTransform(twice), /internal: transform negate_twice names its argument 'x' twice/);
    assert.equal(TRANSFORMS.negate_twice, undefined);
  });
  it('and no built-in transform does', () => {
    for (const spec of Object.values(TRANSFORMS)) assert.equal(new Set(spec.args.map((a) => a.name)).size, spec.args.length, spec.name);
  });
});
