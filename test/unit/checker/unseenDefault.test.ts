/**
 * A serve default for a column the served model reads only through `one_hot` is filled into
 * every request without the field, and a value the vocabulary never learned ("Basic" where the
 * data holds "basic") encodes as all zeros, without a word: `skew/unseen-category` on the
 * default. A `fill_missing` on the path is `skew/missing-default-mismatch`'s to judge.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitRows, TEST } from '../../../server/mlpipe/data/split.js';
import { analyze, type Diagnostic } from '../../../server/mlpipe/index.js';
import { buildHistoryIndex, outputLayout, transformRow } from '../../../server/mlpipe/features/index.js';
import { serveDefaults } from '../../../server/mlpipe/served.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import type { SplitVerdict, SplitVerdictStore, TimeVerdict, TimeVerdictStore, Verdict, VerdictStore } from '../../../server/mlpipe/checker/verdicts.js';
import { basePipeline, cellCountingHost, checkText, CUSTOMERS, customersCsv, edit, memoryHost, ORDERS } from './fixture.js';

const withDefaults = (text: string, entries: string) => edit(text, '  model = churn_model@production\n', `  model = churn_model@production\n  defaults {\n${entries}\n  }\n`);

function unseen(text: string, files?: Record<string, string>): Diagnostic[] {
  return checkText(text, files).filter((d) => d.code === 'skew/unseen-category');
}

const at = (text: string, d: Diagnostic) => text.slice(d.start, d.end);

describe('a serve default that the served one_hot never learned', () => {
  it('is reported on the value, naming the column, the value and the spelling the data holds first', { timeout: 30_000 }, () => {
    const text = withDefaults(basePipeline(), '    plan = "Basic"');
    const found = unseen(text);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].severity, 'info');
    assert.equal(at(text, found[0]), '"Basic"');
    assert.match(found[0].message, /^serving fills a missing 'plan' with "Basic", which the vocabulary of 'one_hot' in feature 'plan' does not hold \(learned from the training split: 2 values: "basic", "standard"\)/);
    assert.match(found[0].message, /scored as an unseen category \(all zeros\)/);
    // What the engine and serving do with it: the request without 'plan' gets the all-zero vector.
    const binding = analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS })).binding;
    const tables = new Map([['customers', tableOf('customers', CUSTOMERS, 'customers.csv')], ['orders', tableOf('orders', ORDERS, 'orders.csv')]]);
    const engine = runEngine(binding, tables);
    assert.ok(engine.ok);
    const request = { tenure_days: 30, customer_id: 'C001', snapshot_at: '2025-06-01' };
    const row = transformRow(engine.plan, engine.state, request, buildHistoryIndex(engine.plan, { tables }), { defaults: serveDefaults(binding) });
    const plan = outputLayout(engine.plan, engine.state).features.find((f) => f.feature === 'plan')!;
    assert.equal(plan.width, 2);
    assert.deepEqual([...row.subarray(plan.offset, plan.offset + plan.width)], [0, 0]);
    const learned = transformRow(engine.plan, engine.state, { ...request, plan: 'basic' }, buildHistoryIndex(engine.plan, { tables }));
    assert.deepEqual([...learned.subarray(plan.offset, plan.offset + plan.width)], [1, 0]);
  });

  it('is quiet for a value the vocabulary holds', { timeout: 30_000 }, () => {
    assert.deepEqual(unseen(withDefaults(basePipeline(), '    plan = "basic"')), []);
  });

  it('is quiet when a fill_missing covers the path (the mismatch error judges it)', { timeout: 30_000 }, () => {
    const text = withDefaults(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(fill_missing(customers.plan, "basic"))'), '    plan = "gold"');
    const codes = checkText(text).map((d) => d.code);
    assert.ok(codes.includes('skew/missing-default-mismatch'), codes.join());
    assert.ok(!codes.includes('skew/unseen-category'), codes.join());
  });

  it('is quiet without data, and judges a literal vocabulary without it', { timeout: 30_000 }, () => {
    const text = withDefaults(basePipeline(), '    plan = "gold"');
    assert.deepEqual(unseen(text, { 'orders.csv': ORDERS }), []);
    const literal = withDefaults(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(customers.plan, vocabulary = ["basic", "premium"])'), '    plan = "standard"');
    const found = unseen(literal, { 'orders.csv': ORDERS });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /\(the literal vocabulary holds 2 values: "basic", "premium"\)/);
    // Without data the column's type is unknown: "1.0" may be the category 1 of a numeric column.
    const numbers = withDefaults(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(customers.plan, vocabulary = [1, 2])'), '    plan = "1.0"');
    assert.deepEqual(unseen(numbers, { 'orders.csv': ORDERS }), []);
  });

  it('reads the default as serving does: "3.0" is the category 3 of a numeric column', { timeout: 30_000 }, () => {
    const numeric = edit(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(customers.support_tickets)'), 'model = churn_model@production\n}', 'model = churn_model@production\n}');
    assert.deepEqual(unseen(withDefaults(numeric, '    support_tickets = "3.0"')), []);
    const found = unseen(withDefaults(numeric, '    support_tickets = 7'));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /"support_tickets" ?|'support_tickets' with 7,.*4 values: /);
  });

  it('is reported for a value only test rows hold (the engine split learns training rows only)', { timeout: 30_000 }, () => {
    const rows = CUSTOMERS.trim().split('\n').slice(1);
    const { assignment } = splitRows({ rowCount: rows.length, test: 0.2, seed: 42, by: rows.map((r) => r.split(',')[0]) });
    const testRow = assignment.findIndex((a) => a === TEST);
    const customers = customersCsv((row, i) => {
      if (i === testRow) row[3] = 'enterprise';
    });
    const text = withDefaults(basePipeline(customers), '    plan = "enterprise"');
    const found = unseen(text, { 'customers.csv': customers, 'orders.csv': ORDERS }).filter((d) => at(text, d) === '"enterprise"');
    assert.equal(found.length, 1);
  });
});

describe('the verdict on a serve default between processes', () => {
  it("answers a fresh check without reading the column's cells, and says the same", { timeout: 30_000 }, () => {
    // Every store the CLI carries: the other passes read the table's cells without theirs.
    const keyed = <V>() => {
      const entries = new Map<string, { key: string; verdict: V }>();
      return { get: (id: string, key: string) => (entries.get(id)?.key === key ? entries.get(id)!.verdict : undefined), set: (id: string, key: string, verdict: V) => void entries.set(id, { key, verdict }) };
    };
    const stores = { splitVerdicts: keyed<SplitVerdict>() as SplitVerdictStore, timeVerdicts: keyed<TimeVerdict>() as TimeVerdictStore, verdicts: keyed<Verdict | null>() as VerdictStore };
    const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
    const text = withDefaults(basePipeline(), '    plan = "Basic"');
    const first = analyze(text, cellCountingHost(files, stores)).diagnostics.filter((d) => d.code === 'skew/unseen-category');
    assert.equal(first.length, 1);
    const fresh = cellCountingHost(files, stores);
    const again = analyze(text, fresh).diagnostics.filter((d) => d.code === 'skew/unseen-category');
    assert.deepEqual(again.map((d) => d.message), first.map((d) => d.message));
    assert.ok(!fresh.cellReads.includes('customers.csv:plan'), fresh.cellReads.join());
  });
});
