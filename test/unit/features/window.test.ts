import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { planOf, rng, table } from './helpers.js';

const DAY = 86400;
const AGGS = ['mean', 'sum', 'count', 'max', 'min'] as const;

interface Case {
  keys: Array<number | string | null>;
  asOf: Array<number | null>;
  hKeys: Array<number | string | null>;
  hTimes: Array<number | null>;
  hValues: Array<number | null>;
}

function randomCase(seed: number, textKeys: boolean, integerValues: boolean): Case {
  const r = rng(seed);
  const key = (): number | string | null => {
    if (r() < 0.03) return null;
    const k = Math.floor(r() * 40);
    return textKeys ? `K${k}` : k;
  };
  const n = 300;
  const m = 2000;
  const c: Case = { keys: [], asOf: [], hKeys: [], hTimes: [], hValues: [] };
  for (let i = 0; i < n; i++) {
    c.keys.push(key());
    // Whole days, so some history rows sit exactly on a window's edges.
    c.asOf.push(r() < 0.03 ? null : Math.floor(r() * 120) * DAY);
  }
  for (let i = 0; i < m; i++) {
    c.hKeys.push(key());
    c.hTimes.push(r() < 0.02 ? null : r() < 0.3 ? Math.floor(r() * 120) * DAY : Math.floor(r() * 120 * DAY));
    c.hValues.push(r() < 0.05 ? null : integerValues ? Math.floor(r() * 200) - 50 : Math.round(r() * 1e4) / 100);
  }
  return c;
}

/** The O(n·m) definition: scan every history row for every example. */
function bruteForce(c: Case, agg: (typeof AGGS)[number], seconds: number, withAsOf: boolean): number[] {
  return c.keys.map((k, i) => {
    const t = c.asOf[i];
    const vals: number[] = [];
    if (k !== null && !(withAsOf && t === null)) {
      for (let j = 0; j < c.hKeys.length; j++) {
        if (c.hKeys[j] === null || String(c.hKeys[j]) !== String(k)) continue;
        if (withAsOf) {
          const ht = c.hTimes[j];
          if (ht === null || !(t! - seconds <= ht && ht < t!)) continue;
        }
        if (c.hValues[j] !== null) vals.push(c.hValues[j]!);
      }
    }
    switch (agg) {
      case 'count':
        return vals.length;
      case 'sum':
        return vals.reduce((a, b) => a + b, 0);
      case 'mean':
        return vals.length === 0 ? NaN : vals.reduce((a, b) => a + b, 0) / vals.length;
      case 'max':
        return vals.length === 0 ? NaN : Math.max(...vals);
      case 'min':
        return vals.length === 0 ? NaN : Math.min(...vals);
    }
  });
}

function run(c: Case, days: number, withAsOf: boolean) {
  const source = AGGS.map(
    (a) => `feature w_${a} = window_${a}(orders.v, ${days}d${withAsOf ? ', as_of = snapshot_at' : ''})`,
  ).join('\n');
  const plan = planOf(source, AGGS.map((a) => `w_${a}`));
  const data = {
    tables: new Map([
      ['customers', table('customers', { customer_id: c.keys, snapshot_at: c.asOf })],
      ['orders', table('orders', { customer_id: c.hKeys, ordered_at: c.hTimes, v: c.hValues })],
    ]),
  };
  return transformBatch(plan, fitPlan(plan, data, null), data);
}

for (const [name, textKeys, integerValues] of [
  ['numeric keys, integer values', false, true],
  ['text keys, integer values', true, true],
  ['numeric keys, decimal values', false, false],
] as const) {
  test(`windows agree with a brute-force scan (${name})`, () => {
    for (const [seed, days, withAsOf] of [
      [1, 7, true],
      [2, 30, true],
      [3, 1, true],
      [4, 30, false],
    ] as const) {
      const c = randomCase(seed * 101 + (textKeys ? 7 : 0), textKeys, integerValues);
      const out = run(c, days, withAsOf);
      AGGS.forEach((agg, col) => {
        const want = bruteForce(c, agg, days * DAY, withAsOf);
        let nonEmpty = 0;
        for (let i = 0; i < want.length; i++) {
          const got = out.x[i * out.width + col];
          const exp = Math.fround(want[i]);
          if (Number.isNaN(exp)) {
            assert.ok(Number.isNaN(got), `${agg} row ${i}: ${got} should be missing`);
            continue;
          }
          nonEmpty++;
          if (integerValues || agg === 'count' || agg === 'min' || agg === 'max') assert.equal(got, exp, `${agg} row ${i}`);
          else assert.ok(Math.abs(got - exp) <= 1e-5 * Math.max(1, Math.abs(exp)), `${agg} row ${i}: ${got} vs ${exp}`);
        }
        // The random data must exercise non-empty windows, or the comparison proves little.
        assert.ok(nonEmpty > 20, `${agg}: only ${nonEmpty} non-empty windows`);
      });
    }
  });
}

test('window edges: as_of - D <= time < as_of; empty windows give missing mean/min/max and 0 sum/count', () => {
  const c: Case = {
    keys: ['a', 'a', 'b', 'zzz'],
    asOf: [10 * DAY, 11 * DAY, 10 * DAY, 10 * DAY],
    hKeys: ['a', 'a', 'a', 'b'],
    hTimes: [3 * DAY, 5 * DAY, 10 * DAY, 9 * DAY],
    hValues: [1, 2, 4, null],
  };
  const out = run(c, 7, true);
  const row = (i: number) => [...out.x.subarray(i * out.width, (i + 1) * out.width)];
  // as_of 10d, window [3d, 10d): the rows at 3d and 5d; the row at exactly 10d is excluded.
  assert.deepEqual(row(0), [1.5, 3, 2, 2, 1]);
  // as_of 11d, window [4d, 11d): 5d and 10d.
  assert.deepEqual(row(1), [3, 6, 2, 4, 2]);
  // b has one row in the window, but its value is missing: count counts non-missing values.
  assert.deepEqual(row(2).map(String), ['NaN', '0', '0', 'NaN', 'NaN']);
  assert.deepEqual(row(3).map(String), ['NaN', '0', '0', 'NaN', 'NaN']);
  assert.deepEqual(out.missing, [
    { feature: 'w_mean', count: 2 },
    { feature: 'w_max', count: 2 },
    { feature: 'w_min', count: 2 },
  ]);
});

test('window_count works on a text history column', () => {
  const plan = planOf(`feature n = window_count(orders.status, 10d, as_of = snapshot_at)`, ['n']);
  const data = {
    tables: new Map([
      ['customers', table('customers', { customer_id: ['a'], snapshot_at: ['2025-01-10'] })],
      ['orders', table('orders', { customer_id: ['a', 'a', 'a'], ordered_at: ['2025-01-01', '2025-01-02T10:00:00Z', '2025-01-03'], status: ['ok', null, 'late'] })],
    ]),
  };
  const out = transformBatch(plan, fitPlan(plan, data, null), data);
  assert.deepEqual([...out.x], [2]);
});

test('epoch milli-, micro- and nanoseconds are read as the times they name: windows equal those over seconds or ISO text', () => {
  const base = 1_700_000_000; // seconds, November 2023
  const c = randomCase(5, false, true);
  const shift = (xs: Array<number | null>, f: (t: number) => number | string) => xs.map((t) => (t === null ? null : f(t + base)));
  const over = (asOf: Array<number | string | null>, hTimes: Array<number | string | null>) => {
    const plan = planOf(AGGS.map((a) => `feature w_${a} = window_${a}(orders.v, 30d, as_of = snapshot_at)`).join('\n'), AGGS.map((a) => `w_${a}`));
    const data = {
      tables: new Map([
        ['customers', table('customers', { customer_id: c.keys, snapshot_at: asOf })],
        ['orders', table('orders', { customer_id: c.hKeys, ordered_at: hTimes, v: c.hValues })],
      ]),
    };
    return [...transformBatch(plan, fitPlan(plan, data, null), data).x];
  };
  const seconds = over(shift(c.asOf, (t) => t), shift(c.hTimes, (t) => t));
  assert.ok(seconds.some((v) => v > 0), 'some windows hold rows');
  assert.deepEqual(over(shift(c.asOf, (t) => t * 1000), shift(c.hTimes, (t) => t * 1000)), seconds);
  const iso = (t: number) => new Date(t * 1000).toISOString();
  assert.deepEqual(over(shift(c.asOf, iso), shift(c.hTimes, (t) => t * 1000)), seconds);
  // Microseconds and nanoseconds too (BigQuery, a Parquet INT64 with no TIMESTAMP annotation,
  // pandas' datetime64[ns] as int64): read as milliseconds, each window was 1,000 (or 1,000,000)
  // times too short, and joined only the events within minutes of the example, with a clean check.
  assert.deepEqual(over(shift(c.asOf, (t) => t * 1e6), shift(c.hTimes, (t) => t * 1e6)), seconds);
  assert.deepEqual(over(shift(c.asOf, (t) => t * 1e9), shift(c.hTimes, (t) => t * 1e9)), seconds);
  assert.deepEqual(over(shift(c.asOf, iso), shift(c.hTimes, (t) => t * 1e9)), seconds);
});

test('join keys compare by each cell\'s own canonical key: 00434 in an integer column joins 00434 in a text column', () => {
  // customers' key column is integer (loaded as 434); orders' is text because of one 'X1' key.
  const plan = planOf(`feature n = window_count(orders.v, 10d, as_of = snapshot_at)`, ['n']);
  const data = {
    tables: new Map([
      ['customers', table('customers', { customer_id: [434, 7, 12345678901234567000], snapshot_at: [10 * DAY, 10 * DAY, 10 * DAY] })],
      [
        'orders',
        table('orders', {
          customer_id: ['00434', '00434', '7.0', 'X1', '12345678901234567890', null],
          ordered_at: [DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 6 * DAY],
          v: [1, 2, 3, 4, 5, 6],
        }),
      ],
    ]),
  };
  const out = transformBatch(plan, fitPlan(plan, data, null), data);
  // 434: both '00434' rows; 7: '7.0'; the 20-digit text ID keeps its digits (no merge with a double).
  assert.deepEqual([...out.x], [2, 1, 0]);
  // The primary side as text too (a request's string field, or a text key column): the same keys.
  const texts = new Map(data.tables);
  texts.set('customers', table('customers', { customer_id: ['434', '0434', 'X1'], snapshot_at: [10 * DAY, 10 * DAY, 10 * DAY] }));
  const both = transformBatch(plan, fitPlan(plan, { tables: texts }, null), { tables: texts });
  assert.deepEqual([...both.x], [2, 2, 1]);
});

// A window's sum is a difference of prefix sums: one earlier cell of 1e30 (a typo in a price
// column) swamped the window's own values, so every later window of that key summed to 0 (a
// mean of 0: rel_price = price / 0 was missing on 1,725 demand rows) or to a multiple of 2^47.
test('a huge earlier value of the same key does not swamp a later window that excludes it', () => {
  const c: Case = {
    keys: ['a', 'a', 'b', 'a'],
    asOf: [20 * DAY, 20 * DAY, 20 * DAY, 5 * DAY],
    hKeys: ['a', 'a', 'a', 'a', 'a', 'b', 'b'],
    hTimes: [1 * DAY, 2 * DAY, 15 * DAY, 16 * DAY, 17 * DAY, 1 * DAY, 15 * DAY],
    hValues: [1e30, -3e29, 7.5, 6.25, 7, 1e30, 2.5],
  };
  const out = run(c, 7, true);
  const row = (i: number) => [...out.x.subarray(i * out.width, (i + 1) * out.width)];
  // AGGS order: mean, sum, count, max, min. Window [13d, 20d) of 'a': 7.5, 6.25, 7.
  assert.deepEqual(row(0), [Math.fround(20.75 / 3), 20.75, 3, 7.5, 6.25]);
  assert.deepEqual(row(2), [2.5, 2.5, 1, 2.5, 2.5]);
  // A window that holds the huge values still sums them.
  assert.deepEqual(row(3), [Math.fround(7e29 / 2), Math.fround(7e29), 2, Math.fround(1e30), Math.fround(-3e29)]);
});
