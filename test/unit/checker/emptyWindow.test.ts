/**
 * A window empty on every training row makes its feature a constant while the check was clean:
 * the primary table's key names another entity than the history's (no key matches), or `as_of`
 * names a number that is no moment (read as seconds into 1970). `skew/empty-window`, decided with
 * the engine's own join; and times written as yyyymmdd integers, which the engine reads as epoch
 * seconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SplitVerdict, SplitVerdictStore, TimeVerdict, TimeVerdictStore, Verdict, VerdictStore } from '../../../server/mlpipe/checker/verdicts.js';
import { splitRows, TRAIN } from '../../../server/mlpipe/data/split.js';
import { analyze, type Diagnostic } from '../../../server/mlpipe/index.js';
import { outputLayout, transformBatch } from '../../../server/mlpipe/features/index.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import { basePipeline, cellCountingHost, checkText, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

const empty = (text: string, files: Record<string, string>) => checkText(text, files).filter((d) => d.code === 'skew/empty-window');
const at = (text: string, d: Diagnostic) => text.slice(d.start, d.end);
const files = (customers = CUSTOMERS, orders = ORDERS) => ({ 'customers.csv': customers, 'orders.csv': orders });

/** The engine's values of feature `spend`'s window (before its fill) on the training rows. */
function trainingSpend(text: string, customers = CUSTOMERS, orders = ORDERS): number[] {
  const binding = analyze(text, memoryHost(files(customers, orders))).binding;
  const tables = new Map([['customers', tableOf('customers', customers, 'customers.csv')], ['orders', tableOf('orders', orders, 'orders.csv')]]);
  const engine = runEngine(binding, tables);
  assert.ok(engine.ok, engine.ok ? '' : engine.error.message);
  const batch = transformBatch(engine.plan, engine.state, { tables });
  const f = outputLayout(engine.plan, engine.state).features.find((x) => x.feature === 'spend_z')!;
  const out: number[] = [];
  engine.assignment.forEach((a, r) => {
    if (a === TRAIN) out.push(batch.x[r * batch.width + f.offset]);
  });
  return out;
}

// The orders' customers written another way: no key of customers.csv is one of theirs.
const OTHER_KEYS = ORDERS.replace(/,C0/g, ',K0');
const AMOUNT_AS_OF = (text: string) => edit(text, 'as_of = customers.snapshot_at', 'as_of = customers.support_tickets');

describe('a window empty on every training row', () => {
  it('is a warning on the window when no key of the primary table is in the history, with an example of each', { timeout: 30_000 }, () => {
    const text = basePipeline(CUSTOMERS, OTHER_KEYS);
    const found = empty(text, files(CUSTOMERS, OTHER_KEYS));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].severity, 'warning');
    assert.equal(at(text, found[0]), 'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)');
    assert.match(found[0].message, /^'window_mean' over 'orders' is empty on every training row of 'customers\.csv' \(\d+ rows\): no key of 'customers\.customer_id' \(like 'C000'\) appears in 'orders\.customer_id' \(like 'K000'\)/);
    assert.match(found[0].message, /set 'key' of 'data customers' to its column that holds the values of 'orders\.customer_id'$/);
    // The engine agrees: the feature is one constant over the training rows.
    assert.equal(new Set(trainingSpend(text, CUSTOMERS, OTHER_KEYS)).size, 1);
  });

  it('is a warning when the history has no rows (an export that wrote only its header), or no key in any', { timeout: 30_000 }, () => {
    // No key to compare, so no verdict: the check was clean and the run said nothing, while
    // every window was empty and its feature one constant.
    const text = basePipeline();
    const headerOnly = ORDERS.split('\n')[0] + '\n';
    const noKeys = ORDERS.replace(/,C0\d+,/g, ',,');
    for (const orders of [headerOnly, noKeys]) {
      const found = empty(text, files(CUSTOMERS, orders));
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(at(text, found[0]), 'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)');
      assert.match(
        found[0].message,
        /^'window_mean' over 'orders' is empty on every training row of 'customers\.csv' \(\d+ rows\): 'orders\.csv' has no row with a 'customer_id' \(the file holds no rows, or that key is missing in every one\), so the feature is one constant in training .*; give 'orders\.csv' the history the windows should read$/,
      );
    }
    assert.equal(new Set(trainingSpend(text, CUSTOMERS, headerOnly)).size, 1);
  });

  it('is a warning when the history\'s time, or the as_of column, is missing in every row', { timeout: 30_000 }, () => {
    // An export that lost the timestamps: the keys matched, so neither cause applied, and the
    // check was clean while every window was empty.
    const text = basePipeline();
    const untimed = ORDERS.replace(/,\d{4}-\d{2}-\d{2}T[0-9:]+Z,/g, ',,');
    const found = empty(text, files(CUSTOMERS, untimed));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /: the keys match, but 'orders\.ordered_at' has no time in any row \(every cell is missing\), so the feature is one constant in training .*; give 'ordered_at' the moment of each row$/);
    assert.equal(new Set(trainingSpend(text, CUSTOMERS, untimed)).size, 1);
    const noAsOf = CUSTOMERS.replace(/^(C\d+),\d{4}-\d{2}-\d{2},/gm, '$1,,');
    const asOf = empty(text, files(noAsOf, ORDERS));
    assert.ok(asOf.some((d) => /the keys match, but 'customers\.snapshot_at' has no time in any of those rows/.test(d.message)), JSON.stringify(asOf.map((d) => d.message)));
  });

  it('names the column to key by when the primary table has the history\'s entity column but is keyed by another', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), '  key     = customer_id\n  time    = snapshot_at', '  key     = plan\n  time    = snapshot_at');
    const found = empty(text, files());
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /no key of 'customers\.plan' \(like '[a-z]+'\) appears in 'orders\.customer_id'/);
    assert.match(found[0].message, /set 'key = customer_id' in 'data customers', its column of the entity 'orders' is keyed by \('mlpipe score --keep plan' still writes each row's 'plan'\)$/);
  });

  it('is a warning when the keys match and as_of is a number that is no moment, with both spans', { timeout: 30_000 }, () => {
    const text = AMOUNT_AS_OF(basePipeline());
    const found = empty(text, files());
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(
      found[0].message,
      /the keys match, but no time of 'orders\.ordered_at' \(2025-04-10T10:00:00Z to 2025-06-19T10:00:00Z\) falls in the 90d before any 'as_of' \('support_tickets', read as 1970-01-01T00:00:00Z to 1970-01-01T00:00:03Z\)/,
    );
    assert.equal(new Set(trainingSpend(text)).size, 1);
  });

  it('is reported once per window shape, at its first call', { timeout: 30_000 }, () => {
    let text = AMOUNT_AS_OF(basePipeline());
    text = edit(text, 'feature plan    =', 'feature spend2  = fill_missing(window_sum(orders.order_value, 90d, as_of = support_tickets), 0)\nfeature spend3  = window_count(orders.order_id, 7d, as_of = support_tickets)\nfeature plan    =');
    text = edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, spend2, spend3]');
    const found = empty(text, files());
    assert.deepEqual(found.map((d) => at(text, d).split('(')[0] + ' ' + /the (\d+[dw])/.exec(d.message)?.[1]), ['window_mean 90d', 'window_count 7d']);
  });

  it('is quiet when some training row has history in its window, and without the data', { timeout: 30_000 }, () => {
    assert.deepEqual(empty(basePipeline(), files()), []);
    // One training customer's orders keep the key: its rows' windows hold them.
    const rows = CUSTOMERS.trim().split('\n').slice(1);
    const { assignment } = splitRows({ rowCount: rows.length, test: 0.2, seed: 42, by: rows.map((r) => r.split(',')[0]) });
    const kept = rows[assignment.indexOf(TRAIN)].split(',')[0];
    const oneMatches = ORDERS.replace(/,C0(\d\d),/g, (m, n) => (`C0${n}` === kept ? m : `,K0${n},`));
    assert.ok(oneMatches.includes(`,${kept},`) && !oneMatches.includes(',C0' + (kept === 'C000' ? '01' : '00') + ','));
    assert.deepEqual(empty(basePipeline(CUSTOMERS, oneMatches), files(CUSTOMERS, oneMatches)), []);
    assert.deepEqual(empty(basePipeline(CUSTOMERS, OTHER_KEYS), { 'customers.csv': CUSTOMERS }), []);
    assert.deepEqual(empty(basePipeline(CUSTOMERS, OTHER_KEYS), files(CUSTOMERS, OTHER_KEYS.replace('O7,', 'O7;'))), []);
  });

  it('is quiet for a feature no model reads', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), 'feature plan    =', 'feature spare = window_count(orders.order_id, 7d, as_of = support_tickets)\nfeature plan    =');
    assert.deepEqual(empty(text, files()), []);
  });
});

describe('times written as yyyymmdd integers', () => {
  const DAYS = CUSTOMERS.replace(/2025-0(\d)-01/g, '20250$101');
  const ORDER_DAYS = ORDERS.replace(/2025-0(\d)-1(\d)T10:00:00Z/g, '20250$11$2');

  it('are a warning on the as_of and on the history time, saying what 20250501 reads as', { timeout: 30_000 }, () => {
    const text = basePipeline(DAYS, ORDER_DAYS);
    const found = empty(text, files(DAYS, ORDER_DAYS)).sort((a, b) => a.start - b.start);
    assert.deepEqual(found.map((d) => at(text, d)), ['ordered_at', 'customers.snapshot_at']);
    assert.match(found[1].message, /^'snapshot_at' of 'customers\.csv' holds dates written as yyyymmdd numbers \(20250501\), which windows read as epoch seconds \(20250501 is 1970-08-23T09:08:21Z\).*write them as ISO 8601 dates \(2025-05-01\)$/);
  });

  it('on one side only, also leave every window empty (both reported)', { timeout: 30_000 }, () => {
    const text = basePipeline(DAYS, ORDERS);
    const found = empty(text, files(DAYS, ORDERS));
    assert.equal(found.length, 2);
    assert.ok(found.some((d) => /read as 1970-08-23T09:08:21Z to 1970-08-23T09:10:01Z/.test(d.message)));
  });

  it('are quiet when one cell is no date (epoch seconds, an eight-digit number that is no calendar day)', { timeout: 30_000 }, () => {
    const notADay = DAYS.replace('20250501', '20251301');
    assert.deepEqual(empty(basePipeline(notADay, ORDER_DAYS), files(notADay, ORDER_DAYS)).map((d) => d.message.split(' ')[0]), ["'ordered_at'"]);
  });
});

describe('the verdict between processes', () => {
  it('answers a fresh check without reading the history cells, and says the same', { timeout: 30_000 }, () => {
    const keyed = <V>() => {
      const entries = new Map<string, { key: string; verdict: V }>();
      return { entries, get: (id: string, key: string) => (entries.get(id)?.key === key ? entries.get(id)!.verdict : undefined), set: (id: string, key: string, verdict: V) => void entries.set(id, { key, verdict }) };
    };
    const splits = keyed<SplitVerdict>();
    const stores = { splitVerdicts: splits as SplitVerdictStore, timeVerdicts: keyed<TimeVerdict>() as TimeVerdictStore, verdicts: keyed<Verdict | null>() as VerdictStore };
    const text = AMOUNT_AS_OF(basePipeline());
    const first = analyze(text, cellCountingHost(files(), stores)).diagnostics.filter((d) => d.code === 'skew/empty-window');
    assert.equal(first.length, 1);
    assert.ok([...splits.entries.keys()].some((id) => id.startsWith('empty-window')));
    const fresh = cellCountingHost(files(), stores);
    const again = analyze(text, fresh).diagnostics.filter((d) => d.code === 'skew/empty-window');
    assert.deepEqual(again.map((d) => d.message), first.map((d) => d.message));
    assert.ok(!fresh.cellReads.some((r) => r.startsWith('orders.csv')), fresh.cellReads.join());
  });
});
