/**
 * What a transform means to serving and the checker comes from its catalogue flags, never its
 * name: a throwaway transform that declares 'coversMissing' (and one that 'learnsVocabulary')
 * is treated exactly like 'fill_missing' (and 'one_hot') by serving's required fields and the
 * checker's rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requiredRequestFields } from '../../../server/mlpipe/features/index.js';
import { fill_missing } from '../../../server/mlpipe/transforms/fill_missing.js';
import { one_hot } from '../../../server/mlpipe/transforms/one_hot.js';
import { registerTransform, rowTransform } from '../../../server/mlpipe/transforms/index.js';
import { basePipeline, checkText, customersCsv, edit, ORDERS } from '../checker/fixture.js';
import { planOf } from '../features/helpers.js';

/** 'or_else(x, otherwise)': fill_missing's kernels under another name and argument name. */
const or_else = rowTransform({
  ...fill_missing,
  name: 'or_else',
  signature: 'or_else(x, otherwise)',
  snippet: 'or_else(${1:x}, ${2:0})',
  doc: 'x, or `otherwise` where x is missing (a transform added by a test).',
  args: [fill_missing.args[0], { ...fill_missing.args[1], name: 'otherwise' }],
  result: (x, args) => fill_missing.result(x, new Map([['value', args.get('otherwise')!]])),
  coversMissing: { value: 'otherwise' },
  kernels: {
    ...fill_missing.kernels,
    compile: (args, fail) => fill_missing.kernels.compile(new Map([['value', args.get('otherwise')!]]), fail),
    key: (x, p) => `or_else(${x}, ${JSON.stringify(p.value)})`,
  },
});

/** 'categories(x, known = [...])': one_hot under another name, its literal vocabulary renamed. */
const categories = rowTransform({
  ...one_hot,
  name: 'categories',
  signature: 'categories(x, known = [...], fit = train)',
  snippet: 'categories(${1:x})',
  args: one_hot.args.map((a) => (a.name === 'vocabulary' ? { ...a, name: 'known' } : a)),
  fits: (args) => (args.has('known') ? [] : ['vocabulary']),
  learnsVocabulary: { given: 'known' },
  kernels: {
    ...one_hot.kernels,
    compile: (args, fail) => one_hot.kernels.compile({ get: (n) => args.get(n === 'vocabulary' ? 'known' : n), has: (n) => args.has(n === 'vocabulary' ? 'known' : n) }, fail),
    key: (x, p, fit) => one_hot.kernels.key(x, p, fit).replace(/^one_hot/, 'categories'),
  },
});

const TENURE = 'feature tenure  = fill_missing(tenure_days, 0)';

describe('transforms judged by their catalogue flags', () => {
  const removers: Array<() => void> = [];
  before(() => removers.push(registerTransform(or_else), registerTransform(categories)));
  after(() => removers.forEach((r) => r()));

  it('a covering transform is covered in serving\'s required fields, with its value as the default', () => {
    const fields = (src: string) => requiredRequestFields(planOf(src, ['t'])).map((f) => ({ column: f.column, covered: f.covered, default: f.default }));
    const theirs = fields('feature t = log1p(or_else(tenure_days, 3))');
    assert.deepEqual(theirs, fields('feature t = log1p(fill_missing(tenure_days, 3))'));
    assert.deepEqual(theirs, [{ column: 'tenure_days', covered: true, default: 3 }]);
    assert.deepEqual(fields('feature t = log1p(tenure_days)'), [{ column: 'tenure_days', covered: false, default: undefined }]);
  });

  it("covers a column with missing values for 'skew/implicit-missing'", () => {
    const codes = (f: string) => checkText(edit(basePipeline(), TENURE, f)).map((d) => d.code);
    assert.deepEqual(codes('feature tenure  = or_else(tenure_days, 0)'), []);
    assert.deepEqual(codes('feature tenure  = log1p(tenure_days)'), ['skew/implicit-missing']);
  });

  it("gets 'type-mismatch' on a value of the wrong type, named or positional", () => {
    for (const f of ['feature tenure  = one_hot(or_else(customers.plan, 0))', 'feature tenure  = one_hot(or_else(otherwise = 0, x = customers.plan))']) {
      const found = checkText(edit(basePipeline(), TENURE, f)).filter((d) => d.code === 'type-mismatch');
      assert.equal(found.length, 1, f);
      assert.match(found[0].message, /'customers.plan' is text, so 'or_else' needs a string/);
    }
    assert.deepEqual(checkText(edit(basePipeline(), TENURE, 'feature tenure  = one_hot(or_else(customers.plan, "none"))')).filter((d) => d.code === 'type-mismatch'), []);
  });

  it("gets 'skew/missing-default-mismatch' against a serving default", () => {
    const text = (v: number) =>
      edit(edit(basePipeline(), TENURE, 'feature tenure  = or_else(tenure_days, 0)'), '  model = churn_model@production\n', `  model = churn_model@production\n  defaults {\n    tenure_days = ${v}\n  }\n`);
    assert.deepEqual(checkText(text(30)).map((d) => d.code), ['skew/missing-default-mismatch']);
    assert.deepEqual(checkText(text(0)).map((d) => d.code), []);
  });

  it("a vocabulary learner gets 'skew/unseen-category', through a covering transform, unless its vocabulary is given", () => {
    const customers = customersCsv((row, i) => (row[3] = `p${i}`));
    const files = { 'customers.csv': customers, 'orders.csv': ORDERS };
    const base = basePipeline(customers);
    const codes = (f: string) => checkText(edit(base, 'one_hot(customers.plan)', f), files).filter((d) => d.code === 'skew/unseen-category').length;
    assert.equal(codes('one_hot(customers.plan)'), 1);
    assert.equal(codes('categories(customers.plan)'), 1);
    assert.equal(codes('categories(or_else(customers.plan, "none"))'), 1);
    assert.equal(codes('categories(customers.plan, known = ["p1"])'), 0);
  });

  it('a covering transform without the value it fills is refused at declaration', () => {
    assert.throws(() => rowTransform({ ...or_else, kernels: { ...or_else.kernels, fills: undefined } }), /'coversMissing' and 'kernels.fills' together/);
  });
});
