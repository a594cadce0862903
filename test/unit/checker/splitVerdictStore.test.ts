/**
 * Verdicts over the engine's split kept between processes (empty-split, unseen-category, and
 * missing-every-row's lazy split): a check whose host has a store answers them without reading
 * the primary table's cells, finds a verdict only under what it was computed from, and says
 * exactly what a check without a store says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SplitVerdict, SplitVerdictStore, TimeVerdict, TimeVerdictStore, Verdict, VerdictStore } from '../../../server/mlpipe/checker/verdicts.js';
import { analyze, type CheckHost, type Diagnostic } from '../../../server/mlpipe/index.js';
import { basePipeline, cellCountingHost, customersCsv, ORDERS } from './fixture.js';

/** A store of each kind, as the CLI's cache keeps them: one entry per id, found only under its key. */
function stores() {
  const keyed = <V>() => {
    const entries = new Map<string, { key: string; verdict: V }>();
    return {
      entries,
      get: (id: string, key: string) => (entries.get(id)?.key === key ? entries.get(id)!.verdict : undefined),
      set: (id: string, key: string, verdict: V) => void entries.set(id, { key, verdict }),
    };
  };
  return { splits: keyed<SplitVerdict>(), times: keyed<TimeVerdict>(), models: keyed<Verdict | null>() };
}
type Stores = ReturnType<typeof stores>;

/** A host over the files whose primary-table cell reads are counted, or refused (a stored verdict should answer). */
function host(files: Record<string, string>, s: Stores | undefined, refuseCustomerCells = false): CheckHost & { cellReads: string[] } {
  const carried = s ? { splitVerdicts: s.splits as SplitVerdictStore, timeVerdicts: s.times as TimeVerdictStore, verdicts: s.models as VerdictStore } : {};
  return cellCountingHost(files, carried, refuseCustomerCells ? 'customers.csv' : undefined);
}

const shown = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line}: ${d.message}`).sort();
const check = (text: string, files: Record<string, string>, s?: Stores, refuse = false) => shown(analyze(text, host(files, s, refuse)).diagnostics);

/** Customers whose plan is unique on some rows (unseen categories in the test split). */
const UNSEEN = customersCsv((row, i) => {
  if (i % 7 === 3) row[3] = `p${i}`;
});

/** Two customers, one of a single row: a split by customer leaves no training rows for some seeds. */
const FEW = customersCsv((row, i) => {
  row[0] = i === 0 ? 'C000' : 'C001';
});

/** As FEW, with a target on the single row only: every split leaves a side without one under 'churned', not under 'support_tickets'. */
const ONE_TARGET = customersCsv((row, i) => {
  row[0] = i === 0 ? 'C000' : 'C001';
  row[5] = i === 0 ? '1' : '';
});

/** A split without a seed is judged on the trial seeds: not under 'deterministic = true', which fixes its seed. */
function pipeline(customers: string, split: string, target = 'churned'): string {
  const text = basePipeline(customers, ORDERS).replace(/split \{[^}]*\}/, `split {\n${split}\n}`).replace('target  = churned', `target  = ${target}`);
  return split.includes('seed') ? text : text.replace('deterministic = true', 'deterministic = false');
}

test('stored split verdicts answer a fresh check without reading the primary table, and say the same', () => {
  for (const [customers, split] of [
    [UNSEEN, '  test = 0.3\n  seed = 42\n  by   = customer_id'],
    [FEW, '  test = 0.2\n  by   = customer_id'],
    [FEW, '  test = 0.2\n  seed = 1\n  by   = customer_id'],
  ] as const) {
    const files = { 'customers.csv': customers, 'orders.csv': ORDERS };
    const text = pipeline(customers, split);
    const alone = check(text, files);
    const s = stores();
    assert.deepEqual(check(text, files, s), alone, 'the first check with a store says what one without says');
    assert.ok(s.splits.entries.size > 0, 'its verdicts are stored');
    // A second process: no cell of the primary table may be read.
    assert.deepEqual(check(text, files, s, true), alone, split);
  }
  // The cases above report what they should (else the comparison proves little).
  const unseen = check(pipeline(UNSEEN, '  test = 0.3\n  seed = 42\n  by   = customer_id'), { 'customers.csv': UNSEEN, 'orders.csv': ORDERS });
  assert.ok(unseen.some((d) => d.startsWith('skew/unseen-category')), unseen.join('\n'));
  const few = check(pipeline(FEW, '  test = 0.2\n  by   = customer_id'), { 'customers.csv': FEW, 'orders.csv': ORDERS });
  assert.ok(few.some((d) => /the split leaves 0 training and \d+ test rows .* seeds tried/.test(d)), few.join('\n'));
});

test('a verdict stored under other data, another split or another target never answers', () => {
  const s = stores();
  // Every pipeline and data set below is checked in turn with one shared store (as a user's edits
  // are), and each must say what a check without any store says.
  const cases: Array<[string, string, string?]> = [
    [UNSEEN, '  test = 0.3\n  seed = 42\n  by   = customer_id'],
    [UNSEEN, '  test = 0.3\n  seed = 43\n  by   = customer_id'],
    [UNSEEN, '  test = 0.5\n  seed = 43\n  by   = customer_id'],
    [UNSEEN, '  test = 0.5\n  seed = 43'],
    [UNSEEN, '  test = 0.3\n  order = time'],
    [FEW, '  test = 0.3\n  seed = 43\n  by   = customer_id'],
    [FEW, '  test = 0.2\n  by   = customer_id'],
    // The same split over other data, then another target over that data.
    [ONE_TARGET, '  test = 0.2\n  by   = customer_id'],
    [ONE_TARGET, '  test = 0.2\n  by   = customer_id', 'support_tickets'],
    [FEW, '  test = 0.2\n  by   = customer_id', 'support_tickets'],
    [customersCsv((row) => void (row[5] = row[0] === 'C001' ? '1' : '')), '  test = 0.2\n  by   = customer_id'],
    [customersCsv((row) => void (row[5] = row[0] === 'C001' ? '1' : '')), '  test = 0.2\n  seed = 3\n  by   = customer_id'],
    [UNSEEN, '  test = 0.3\n  seed = 42\n  by   = customer_id'],
  ];
  for (const [customers, split, target] of cases) {
    const files = { 'customers.csv': customers, 'orders.csv': ORDERS };
    const text = pipeline(customers, split, target);
    assert.deepEqual(check(text, files, s), check(text, files), `${split} ${target ?? ''}`);
  }
});

test("the language server's memo answers split verdicts on the next keystroke: no trial split is computed again", async () => {
  const { CheckMemo } = await import('../../../server/mlpipe/checker/memo.js');
  // Unseeded, no 'by' and a repeated key: empty-split's nine trial seeds, and group-leakage's fix
  // judged by the key under each of them (a split by key of 1M rows took 320 ms each).
  const text = pipeline(customersCsv(), '  test = 0.2');
  const memo = new CheckMemo();
  const h = cellCountingHost({ 'customers.csv': customersCsv(), 'orders.csv': ORDERS }, { memo });
  const keyReads = () => h.cellReads.splice(0).filter((r) => r === 'customers.csv:customer_id').length;
  const first = shown(analyze(text, h).diagnostics);
  assert.ok(first.some((d) => d.startsWith('skew/group-leakage')), first.join('\n'));
  assert.ok(keyReads() >= 10, 'the first check splits by the key under the trial seeds');
  const next = shown(analyze(text + '# an edit elsewhere\n', h).diagnostics);
  assert.deepEqual(next, first);
  // What is left: group-leakage's own look for a repeated key, and the check of the key's values.
  assert.ok(keyReads() <= 2, 'no trial split by the key again');
});
