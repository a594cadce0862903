/**
 * Every checker case of issue 7's "Found so far" list: each bad pipeline gets its error on the
 * right line, and its own near miss stays clean of that code. Before the fix each of these was
 * clean (the engine then refused or crashed) or made the checker throw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Code } from '../../../server/mlpipe/index.js';
import { basePipeline, checkText, CUSTOMERS, customersCsv, edit, hashOf, memoryHost, ORDERS } from './fixture.js';

const base = basePipeline();
const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };

function lineOf(text: string, fragment: string): number {
  const i = text.indexOf(fragment);
  assert.ok(i >= 0, `fragment not in text: ${fragment}`);
  return text.slice(0, i).split('\n').length - 1;
}

interface Found {
  name: string;
  bad: string;
  code: Code;
  at: string;
  good: string;
  files?: Record<string, string>;
}

const feature = (expr: string) => edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = ${expr}`);

const CASES: Found[] = [
  { name: 'fill_missing with a boolean', bad: feature('fill_missing(tenure_days, true)'), code: 'unknown-transform', at: 'feature tenure', good: feature('fill_missing(tenure_days, 1)') },
  {
    name: 'fill_missing of a text column with a number',
    bad: edit(base, 'one_hot(customers.plan)', 'one_hot(fill_missing(customers.plan, 0))'),
    code: 'type-mismatch',
    at: 'feature plan',
    good: edit(base, 'one_hot(customers.plan)', 'one_hot(fill_missing(customers.plan, "none"))'),
  },
  { name: 'fill_missing of a numeric column with a string', bad: feature('fill_missing(tenure_days, "none")'), code: 'type-mismatch', at: 'feature tenure', good: feature('fill_missing(tenure_days, -1)') },
  { name: 'fill_missing with named arguments, reordered', bad: feature('fill_missing(value = "none", x = tenure_days)'), code: 'type-mismatch', at: 'feature tenure', good: feature('fill_missing(value = 0, x = tenure_days)') },
  { name: 'clip with hi below lo', bad: feature('clip(fill_missing(tenure_days, 0), 5, 1)'), code: 'invalid-value', at: 'feature tenure', good: feature('clip(fill_missing(tenure_days, 0), 1, 5)') },
  { name: 'clip with named bounds, reordered', bad: feature('clip(hi = 1, lo = 5, x = fill_missing(tenure_days, 0))'), code: 'invalid-value', at: 'feature tenure', good: feature('clip(hi = 5, lo = 1, x = fill_missing(tenure_days, 0))') },
  {
    name: 'standardize with std = 0',
    bad: edit(base, 'standardize(spend)', 'standardize(spend, mean = 0, std = 0)'),
    code: 'invalid-value',
    at: 'feature spend_z',
    good: edit(base, 'standardize(spend)', 'standardize(spend, mean = 0, std = 0.5)'),
  },
  { name: 'min_max with max below min', bad: edit(base, 'standardize(spend)', 'min_max(spend, min = 5, max = 1)'), code: 'invalid-value', at: 'feature spend_z', good: edit(base, 'standardize(spend)', 'min_max(spend, min = 1, max = 5)') },
  {
    name: 'hash_bucket beyond 32 bits',
    bad: edit(base, 'one_hot(customers.plan)', 'hash_bucket(customers.plan, 5000000000)'),
    code: 'invalid-value',
    at: 'feature plan',
    good: edit(base, 'one_hot(customers.plan)', 'hash_bucket(customers.plan, 4294967295)'),
  },
  { name: 'epochs = 1e300', bad: edit(base, '  seed   = 7\n', '  seed   = 7\n  epochs = 1e300\n'), code: 'invalid-value', at: 'epochs', good: edit(base, '  seed   = 7\n', '  seed   = 7\n  epochs = 100000\n') },
  { name: 'layers too wide', bad: edit(base, '  seed   = 7\n', '  seed   = 7\n  layers = [64, 1e9]\n'), code: 'invalid-value', at: 'layers', good: edit(base, '  seed   = 7\n', '  seed   = 7\n  layers = [64, 32]\n') },
  { name: 'batch_size too large', bad: edit(base, '  seed   = 7\n', '  seed   = 7\n  batch_size = 1e12\n'), code: 'invalid-value', at: 'batch_size', good: edit(base, '  seed   = 7\n', '  seed   = 7\n  batch_size = 256\n') },
  { name: 'model seed beyond 2^32 - 1', bad: edit(base, '  seed   = 7\n', '  seed   = 4294967296\n'), code: 'invalid-value', at: 'seed   = 4294967296', good: edit(base, '  seed   = 7\n', '  seed   = 4294967295\n') },
  {
    name: 'a history column outside a window',
    bad: feature('log1p(fill_missing(orders.order_value, 0))'),
    code: 'history-outside-window',
    at: 'feature tenure',
    good: feature('log1p(fill_missing(window_sum(orders.order_value, 30d, as_of = customers.snapshot_at), 0))'),
  },
  {
    name: 'a time-ordered split with no time on the primary table',
    bad: edit(edit(base, '  seed = 42\n', '  order = time\n'), '  time    = snapshot_at\n', ''),
    code: 'missing-attribute',
    at: 'data customers {',
    good: edit(base, '  seed = 42\n', '  order = time\n'),
  },
  {
    name: 'a text target with no task',
    bad: edit(base, 'target  = churned', 'target  = plan').replace('feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.support_tickets)'),
    code: 'invalid-value',
    at: 'target  = plan',
    good: edit(base, 'target  = churned', 'target  = plan').replace('feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.support_tickets)').replace('  seed   = 7\n', '  seed   = 7\n  task   = classification\n'),
  },
  {
    name: 'standardize of text with a named argument',
    bad: edit(base, 'standardize(spend)', 'standardize(x = customers.plan)'),
    code: 'type-mismatch',
    at: 'feature spend_z',
    good: edit(base, 'standardize(spend)', 'standardize(x = customers.support_tickets)'),
  },
  {
    name: 'one_hot of a one-hot vector inside another transform',
    bad: edit(base, 'one_hot(customers.plan)', 'hash_bucket(one_hot(customers.plan), 8)'),
    code: 'type-mismatch',
    at: 'feature plan',
    good: edit(base, 'one_hot(customers.plan)', 'hash_bucket(customers.plan, 8)'),
  },
  {
    name: 'no data block at all',
    bad: 'pipeline p\n\nmodel m {\n  kind = logistic\n  inputs = []\n}\n',
    code: 'invalid-value',
    at: 'pipeline p',
    good: base,
  },
  {
    name: 'a suppression comment on an error',
    bad: edit(base, '  kind   = mlp\n  inputs = [tenure, spend_z, plan]', '  kind   = mlp\n  # mlpipe-disable-next-line unknown-reference\n  inputs = [tenure, spend_zz, plan]'),
    code: 'unknown-reference',
    at: 'inputs = [tenure, spend_zz',
    good: edit(base, '  seed   = 7\n', '  # mlpipe-disable-next-line\n  colour = red\n  seed   = 7\n'),
  },
];

describe('issue 7: checker clean while the engine refuses, now an error', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const diags = checkText(c.bad, c.files ?? files);
      const hits = diags.filter((d) => d.code === c.code);
      assert.ok(hits.length > 0, `expected ${c.code}, got ${JSON.stringify(diags.map((d) => [d.code, d.message]))}`);
      assert.equal(hits[0].severity, 'error');
      assert.equal(hits[0].range.start.line, lineOf(c.bad, c.at), hits[0].message);
      assert.doesNotMatch(hits[0].message, /`/, 'messages are plain text');
      const quiet = checkText(c.good, c.files ?? files);
      assert.deepEqual(quiet.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]), []);
    });
  }
});

describe('issue 7: the checker never throws on these values', () => {
  const throwing = [
    edit(base, 'seed = 42', 'seed = 1.5'),
    edit(base, 'seed = 42', 'seed = 1e309'),
    edit(base, 'test = 0.2', 'test = 0.6\n  validation = 0.5'),
    edit(base, 'test = 0.2', 'test = 1e309'),
    edit(base, 'seed = 42', 'seed = -1'),
    edit(base, 'standardize(spend)', 'standardize(spend, mean = 1e309)'),
    edit(base, 'one_hot(customers.plan)', 'one_hot(customers.plan, fit = all, vocabulary = 1e309)'),
  ];
  for (const [i, text] of throwing.entries()) {
    it(`case ${i}: reports invalid-value instead of throwing`, () => {
      const diags = checkText(text);
      assert.ok(diags.some((d) => d.severity === 'error'), JSON.stringify(diags.map((d) => [d.code, d.message])));
    });
  }
});

describe('issue 7: named and reordered arguments keep every rule on', () => {
  it("fill_missing(value = 0, x = tenure_days) is compared with a serving default", () => {
    const text = edit(
      edit(base, 'fill_missing(tenure_days, 0)', 'fill_missing(value = 0, x = tenure_days)'),
      '  model = churn_model@production\n',
      '  model = churn_model@production\n  defaults {\n    tenure_days = 30\n  }\n',
    );
    assert.ok(checkText(text).some((d) => d.code === 'skew/missing-default-mismatch'));
  });
  it('one_hot(fit = train, x = col) still finds unseen categories', () => {
    const rows = CUSTOMERS.trim().split('\n').slice(1);
    // Make every test-side plan unique by giving each row its own plan: some land only in test.
    const customers = customersCsv((row, i) => {
      row[3] = `p${i}`;
    });
    void rows;
    const text = edit(basePipeline(customers), 'one_hot(customers.plan)', 'one_hot(fit = train, x = customers.plan)');
    assert.ok(checkText(text, { 'customers.csv': customers, 'orders.csv': ORDERS }).some((d) => d.code === 'skew/unseen-category'));
  });
  it('standardize(spend, fit = all) and standardize(fit = all, x = spend) both get fit-on-all-data', () => {
    for (const call of ['standardize(spend, fit = all)', 'standardize(fit = all, x = spend)']) {
      assert.ok(checkText(edit(base, 'standardize(spend)', call)).some((d) => d.code === 'skew/fit-on-all-data'), call);
    }
  });
  it('window_sum(as_of = customers.snapshot_at, column = orders.order_value, duration = 9d) reads a history column inside a window', () => {
    const text = feature('fill_missing(window_sum(as_of = customers.snapshot_at, column = orders.order_value, duration = 9d), 0)');
    assert.deepEqual(checkText(text).filter((d) => d.severity === 'error'), []);
  });
});

describe('issue 7: file-level diagnostics', () => {
  it('a missing target on the pipeline line does not hide the other file-level warnings', () => {
    const text = edit(edit(base, '  target  = churned\n', ''), 'split {\n  test = 0.2\n  seed = 42\n  by   = customer_id\n}\n', '');
    const codes = checkText(text).filter((d) => d.range.start.line === lineOf(text, 'pipeline churn')).map((d) => d.code);
    assert.ok(codes.includes('invalid-value'), codes.join());
    assert.ok(codes.includes('repro/unseeded-split'), codes.join());
  });
  it('a suppression comment still silences a warning', () => {
    const text = edit(base, '  seed   = 7\n', '');
    assert.ok(checkText(text).some((d) => d.code === 'repro/unseeded-model'));
    const silenced = edit(base, 'model m {\n', '# mlpipe-disable-next-line repro/unseeded-model\nmodel m {\n').replace('  seed   = 7\n', '');
    assert.deepEqual(checkText(silenced).filter((d) => d.code === 'repro/unseeded-model'), []);
  });
});

describe('issue 7: one key for a cell, in the checker and the runner', () => {
  it('zero-padded numeric ids key as numbers: 007 and 7 are one group', () => {
    const header = 'customer_id,snapshot_at,tenure_days,plan,support_tickets,churned';
    const lines = [header];
    for (let i = 0; i < 40; i++) lines.push(`${i % 2 ? String(i % 20).padStart(3, '0') : String(i % 20)},2025-05-01,${i},basic,1,${i % 2}`);
    const customers = lines.join('\n') + '\n';
    const info = memoryHost({ 'customers.csv': customers }).data!('customers.csv')!;
    const keys = info.values!('customer_id')!;
    assert.equal(new Set(keys).size, 20);
    assert.equal(keys[1], '1');
    void analyze;
    void hashOf;
  });
});

describe('issue 7: the hover says what the engine fits', () => {
  it("standardize(x, mean = 0) fits 'std', as the engine does", async () => {
    const { fittedLine } = await import('../../../server/lsp/hover.js');
    const { compilePlan, fitPlan, planInputOf } = await import('../../../server/mlpipe/features/index.js');
    const { needsFit } = await import('../../../server/mlpipe/features/plan.js');
    const text = edit(base, 'standardize(spend)', 'standardize(spend, mean = 0)');
    const a = analyze(text, memoryHost(files, ['package-lock.json']));
    const line = fittedLine(a.binding.features.get('spend_z')!.decl.value);
    assert.match(line, /Fitted on the training split \(`standardize`: std\)/);
    const plan = compilePlan(planInputOf(a.binding, 'm'));
    const node = plan.nodes.find((n) => n.kind === 'standardize')!;
    assert.ok(needsFit(node));
    void fitPlan;
    const both = fittedLine(analyze(edit(base, 'standardize(spend)', 'standardize(spend, mean = 0, std = 2)')).binding.features.get('spend_z')!.decl.value);
    assert.match(both, /Not fitted: given literal statistics/);
  });
});

describe("issue 7: the implicit-missing fix's value matches the column's type", () => {
  for (const [what, customers, expr] of [
    ['a text column', customersCsv((row, i) => { if (i === 3) row[3] = ''; }), 'one_hot(customers.plan)'],
    ['a numeric column', CUSTOMERS, 'one_hot(customers.support_tickets)'],
  ] as const) {
    it(`on ${what}: the fixed pipeline is clean of that code and of type-mismatch`, () => {
      const text = edit(edit(basePipeline(customers), 'fill_missing(tenure_days, 0)', 'tenure_days'), 'one_hot(customers.plan)', expr);
      const fs = { 'customers.csv': customers, 'orders.csv': ORDERS };
      const hits = checkText(text, fs).filter((d) => d.code === 'skew/implicit-missing');
      assert.ok(hits.length > 0);
      // Apply each fix as the editor does: wrap the read in fill_missing(…, value), last first.
      let fixed = text;
      for (const d of [...hits].sort((a, b) => b.start - a.start)) {
        assert.equal(d.data?.fix, 'fill-missing');
        const value = d.data?.fix === 'fill-missing' ? d.data.value : '0';
        fixed = fixed.slice(0, d.start) + `fill_missing(${fixed.slice(d.start, d.end)}, ${value})` + fixed.slice(d.end);
      }
      const after = checkText(fixed, fs);
      assert.deepEqual(after.filter((d) => d.code === 'skew/implicit-missing' || d.severity === 'error').map((d) => [d.code, d.message]), []);
    });
  }
});
