import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../../../server/mlpipe/data/table.js';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex, type HistoryIndex } from '../../../server/mlpipe/features/history.js';
import type { FeaturePlan } from '../../../server/mlpipe/features/plan.js';
import { requiredRequestFields, type FeatureRequest } from '../../../server/mlpipe/features/request.js';
import { transformRow } from '../../../server/mlpipe/features/row.js';
import type { FittedState } from '../../../server/mlpipe/features/state.js';
import { CHURN_FEATURES, CHURN_INPUTS, churnLike } from './dataset.js';
import { planOf, table } from './helpers.js';

/** Row r of a table as a JSON request: numbers as numbers, text as text, missing omitted. */
function requestOf(t: Table, r: number, numbersAsText = false): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const c of t.columns) {
    const v = c.values[r];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    out[c.name] = numbersAsText && typeof v === 'number' ? String(v) : v;
  }
  return out;
}

/**
 * Serves every row one request at a time and compares the bytes with the batch rows. A row
 * the server rejects must lack a field that is required and not covered.
 */
function compareRowsWithBatch(plan: FeaturePlan, state: FittedState, data: { tables: Map<string, Table> }, history: HistoryIndex, numbersAsText: boolean) {
  const customers = data.tables.get(plan.primary.name)!;
  const batch = transformBatch(plan, state, data, { history });
  const required = requiredRequestFields(plan).filter((f) => !f.covered).map((f) => f.column);
  let served = 0;
  for (let r = 0; r < customers.rowCount; r++) {
    const request = requestOf(customers, r, numbersAsText);
    let row: Float32Array;
    try {
      row = transformRow(plan, state, request, history);
    } catch (e) {
      assert.ok(e instanceof RequestError, String(e));
      const absent = required.filter((c) => !(c in request));
      const batchRow = batch.x.subarray(r * batch.width, (r + 1) * batch.width);
      // Rejected only for a required field that is absent, or a model input the batch also has missing.
      assert.ok(absent.length > 0 || batchRow.some(Number.isNaN), `row ${r}: ${e.message}`);
      for (const issue of e.issues) assert.ok(absent.includes(issue.field) || batch.columns.includes(issue.field), issue.message);
      continue;
    }
    served++;
    const want = Buffer.from(batch.x.buffer, r * batch.width * 4, batch.width * 4);
    assert.ok(Buffer.from(row.buffer).equals(want), `row ${r} differs from the batch:\n${[...row]}\n${[...new Float32Array(want.buffer, want.byteOffset, batch.width)]}`);
  }
  return { served, rows: customers.rowCount, batch };
}

test('serving one request at a time gives bitwise the batch rows (every transform)', () => {
  const { customers, orders } = churnLike(2026);
  const plan = planOf(CHURN_FEATURES, CHURN_INPUTS);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const split = Uint8Array.from({ length: customers.rowCount }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const state = fitPlan(plan, data, split);
  const history = buildHistoryIndex(plan, data);
  for (const asText of [false, true]) {
    const { served, rows, batch } = compareRowsWithBatch(plan, state, data, history, asText);
    assert.ok(served > rows * 0.85, `only ${served} of ${rows} rows served`);
    assert.ok(batch.width > CHURN_INPUTS.length);
  }
});

test('the churn example: rows served one at a time equal the batch, bitwise', { skip: !existsSync(join(__dirname, '../../../examples/churn/data/customers.csv')) }, async () => {
  const root = join(__dirname, '../../../examples/churn');
  const loader = join(__dirname, '../../../server/backend/data/load.ts');
  const { loadTable } = (await import(loader)) as { loadTable: (name: string, path: string) => Promise<Table> };
  const { parse } = await import('../../../server/mlpipe/syntax/parser.js');
  const { bind } = await import('../../../server/mlpipe/binder.js');
  const { compilePlan } = await import('../../../server/mlpipe/features/compile.js');
  const { planInputOf } = await import('../../../server/mlpipe/features/fromBinding.js');
  const { splitRows } = await import('../../../server/mlpipe/data/split.js');
  const binding = bind(parse(readFileSync(join(root, 'churn.mlpipe'), 'utf8')));
  const plan = compilePlan(planInputOf(binding, 'churn_mlp'));
  const customers = await loadTable('customers', join(root, 'data/customers.csv'));
  const orders = await loadTable('orders', join(root, 'data/orders.csv'));
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const ids = customers.columns.find((c) => c.name === 'customer_id')!.values as Array<string | null>;
  const split = splitRows({ rowCount: customers.rowCount, test: 0.2, seed: 42, by: ids }).assignment;
  const state = fitPlan(plan, data, split);
  const history = buildHistoryIndex(plan, data);
  const { served, rows, batch } = compareRowsWithBatch(plan, state, data, history, false);
  assert.ok(served > rows * 0.9, `only ${served} of ${rows} rows served`);
  const inputs = binding.models.get('churn_mlp')!.inputs.map((i) => i.name);
  assert.deepEqual(batch.columns.slice(0, 2), inputs.slice(0, 2));
  assert.ok(batch.columns.includes('plan=basic'));
});

function smallSetup(source: string, inputs: string[]) {
  const customers = table('customers', {
    customer_id: ['a', 'b', 'c'],
    snapshot_at: ['2025-01-10', '2025-01-10', '2025-01-20'],
    tenure_days: [10, NaN, 30],
    plan: ['basic', 'premium', null],
  });
  const orders = table('orders', { customer_id: ['a', 'a', 'b'], ordered_at: ['2025-01-01', '2025-01-05', '2025-01-09T12:00:00Z'], order_value: [10, 30, 7] });
  const plan = planOf(source, inputs);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const state = fitPlan(plan, data, null);
  const history = buildHistoryIndex(plan, data);
  return { plan, state, history, serve: (req: FeatureRequest, defaults?: Record<string, string | number>) => [...transformRow(plan, state, req, history, { defaults })] };
}

function rejects(fn: () => unknown, fields: string[], text: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RequestError, String(e));
    assert.deepEqual(e.issues.map((i) => i.field), fields);
    assert.match(e.message, text);
    return true;
  });
}

const SOURCE = `
feature tenure = fill_missing(tenure_days, 0)
feature raw    = tenure_days * 2
feature plan   = one_hot(customers.plan)
feature avg    = fill_missing(window_mean(orders.order_value, 30d, as_of = snapshot_at), 0)`;

test('a request missing a field no fill_missing covers is rejected, naming every such field', () => {
  const s = smallSetup(SOURCE, ['tenure', 'raw', 'plan', 'avg']);
  assert.deepEqual(s.serve({ customer_id: 'a', snapshot_at: '2025-01-10', tenure_days: 10, plan: 'basic' }), [10, 20, 1, 0, 20]);
  // Named by the input that leaves it uncovered ('raw'), not by 'tenure', whose fill covers it.
  rejects(() => s.serve({ customer_id: 'a', snapshot_at: '2025-01-10' }), ['tenure_days', 'plan'], /field 'tenure_days' is missing \(read by 'raw'; no fill_missing or serve default covers it\)/);
  rejects(() => s.serve({ customer_id: 'a', snapshot_at: '2025-01-10', tenure_days: null, plan: 'basic' }), ['tenure_days'], /field 'tenure_days' is missing/);
  // The window's key and as_of are covered by the fill_missing around it: an unknown customer gets the training default.
  assert.deepEqual(s.serve({ tenure_days: 1, plan: 'premium' }), [1, 2, 0, 1, 0]);
});

test('serve defaults fill absent fields before evaluation, and are type-checked', () => {
  const s = smallSetup(SOURCE, ['tenure', 'raw', 'plan', 'avg']);
  assert.deepEqual(s.serve({ customer_id: 'a', snapshot_at: '2025-01-10', plan: 'unseen' }, { tenure_days: 4 }), [4, 8, 0, 0, 20]);
  assert.deepEqual(
    s.serve({ customer_id: 'a', snapshot_at: '2025-01-10', plan: 'basic', tenure_days: 7 }, { tenure_days: 4 }),
    [7, 14, 1, 0, 20],
  );
  rejects(() => s.serve({ plan: 'basic' }, { tenure_days: 'many' }), ['tenure_days'], /serve default for 'tenure_days': field 'tenure_days' must be a number, not the text "many"/);
  // A default that is itself missing text fills nothing: the refusal says so instead of "no serve default".
  rejects(() => s.serve({ plan: 'basic' }, { tenure_days: 'NA' }), ['tenure_days'], /field 'tenure_days' is missing \(read by 'raw'; its serve default "NA" is a missing value, and no fill_missing covers it\)/);
});

test('values of the wrong type are rejected precisely; numbers written as text are read as numbers', () => {
  const s = smallSetup(SOURCE, ['tenure', 'raw', 'plan', 'avg']);
  rejects(() => s.serve({ tenure_days: 'ten', plan: 'basic' }), ['tenure_days'], /field 'tenure_days' must be a number, not the text "ten"$/);
  // Number syntax beyond a double: the same refusal, saying why (training reads such a cell as text).
  rejects(() => s.serve({ tenure_days: '1e400', plan: 'basic' }), ['tenure_days'], /field 'tenure_days' must be a number, not the text "1e400", a value beyond the range of a double \(about ±1\.8e308\)$/);
  rejects(() => s.serve({ tenure_days: '-1e999', plan: 'basic' }), ['tenure_days'], /"-1e999", a value beyond the range/);
  // An infinity as pandas writes one: what to send instead (it was "must be a number, not the text" alone).
  rejects(() => s.serve({ tenure_days: '-inf', plan: 'basic' }), ['tenure_days'], /field 'tenure_days' must be a number, not the text "-inf", an infinity, which no feature can use: write it as a missing value \(empty, NA or null\)$/);
  // A number as a spreadsheet shows it: what to send instead.
  rejects(() => s.serve({ tenure_days: '1,250', plan: 'basic' }), ['tenure_days'], /field 'tenure_days' must be a number, not the text "1,250", a number formatted for people \(a thousands separator, a decimal comma, a currency, percent or plus sign\): write it as 1250$/);
  rejects(() => s.serve({ tenure_days: ' 12', plan: 'basic' }), ['tenure_days'], /field 'tenure_days' must be a number, not the text " 12", a number with spaces around it \(a CSV written with ', ' between fields has them\): write it as 12$/);
  rejects(() => s.serve({ tenure_days: true, plan: 'basic' }), ['tenure_days'], /must be a number, not true/);
  rejects(
    () => s.serve({ tenure_days: 3, plan: 'basic', customer_id: 'a', snapshot_at: 'yesterday' }),
    ['snapshot_at'],
    /field 'snapshot_at': 'yesterday' is not a time/,
  );
  // A time that cannot be read is named beside the row's other problems, not only once they are fixed.
  rejects(
    () => s.serve({ tenure_days: 'ten', customer_id: 'a', snapshot_at: 'yesterday' }),
    ['tenure_days', 'plan', 'snapshot_at'],
    /field 'snapshot_at': 'yesterday' is not a time/,
  );
  assert.deepEqual(s.serve({ tenure_days: '3.5', plan: 'basic' }), [3.5, 7, 1, 0, 0]);
  // A text column takes a number as its canonical text.
  const h = smallSetup(`feature h = hash_bucket(plan, 1000)`, ['h']);
  const a = h.serve({ plan: '42' });
  assert.deepEqual(h.serve({ plan: 42 }), a);
});

test('a model input computed as missing is rejected, naming the feature', () => {
  const s = smallSetup(`feature avg = window_mean(orders.order_value, 30d, as_of = snapshot_at)`, ['avg']);
  assert.deepEqual(s.serve({ customer_id: 'a', snapshot_at: '2025-01-10' }), [20]);
  rejects(() => s.serve({ customer_id: 'zzz', snapshot_at: '2025-01-10' }), ['avg'], /feature 'avg' is missing for this request/);
});

test('missing values inside the batch are counted per model input', () => {
  const s = smallSetup(SOURCE, ['tenure', 'raw', 'plan', 'avg']);
  const customers = table('customers', {
    customer_id: ['a', 'b', 'c'],
    snapshot_at: ['2025-01-10', '2025-01-10', '2025-01-20'],
    tenure_days: [10, NaN, 30],
    plan: ['basic', 'premium', null],
  });
  const orders = table('orders', { customer_id: ['a'], ordered_at: ['2025-01-01'], order_value: [1] });
  const out = transformBatch(s.plan, s.state, { tables: new Map([['customers', customers], ['orders', orders]]) });
  assert.deepEqual(out.missing, [{ feature: 'raw', count: 1 }]);
  assert.deepEqual(out.columns, ['tenure', 'raw', 'plan=basic', 'plan=premium', 'avg']);
});

test('an unparseable time in the data names the table, row and column', () => {
  const customers = table('customers', { customer_id: ['a', 'b'], snapshot_at: ['2025-01-10', 'soon'] });
  const orders = table('orders', { customer_id: ['a'], ordered_at: ['2025-01-01'], order_value: [1] });
  const plan = planOf(`feature n = window_count(orders.order_value, 30d, as_of = snapshot_at)`, ['n']);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  assert.throws(() => transformBatch(plan, fitPlan(plan, data, null), data), /customers\.csv, data row 2, column snapshot_at: 'soon' is not a time/);
  const badOrders = table('orders', { customer_id: ['a', 'a'], ordered_at: ['2025-01-01', '2025-13-01'], order_value: [1, 2] });
  assert.throws(() => buildHistoryIndex(plan, { tables: new Map([['customers', customers], ['orders', badOrders]]) }), /orders\.csv, data row 2, column ordered_at/);
});

test('a time sent as a YYYYMMDD number, for a model trained on ISO text times, is refused, not read as 1970', () => {
  const s = smallSetup(`feature n = window_count(orders.order_value, 30d, as_of = snapshot_at)`, ['n']);
  // The same moment in the training data's form, in epoch seconds and in epoch milliseconds: one window.
  for (const at of ['2025-01-10', '2025-01-10T00:00:00Z', 1736467200, 1736467200000]) assert.deepEqual(s.serve({ customer_id: 'a', snapshot_at: at }), [2], String(at));
  // Read as epoch seconds, 20250110 is 1970-08-23: every window was empty and the request answered silently.
  for (const at of [20250110, '20250110'])
    rejects(
      () => s.serve({ customer_id: 'a', snapshot_at: at }),
      ['snapshot_at'],
      /field 'snapshot_at': 20250110 reads as epoch seconds \(1970-08-23T09:01:50Z\), not as the date 2025-01-10, and the model was trained on 'snapshot_at' written as ISO dates or date-times: send '2025-01-10'/,
    );
  // Eight digits that are no date stay epoch seconds, as in training.
  assert.deepEqual(s.serve({ customer_id: 'a', snapshot_at: 20251350 }), [0]);
});

test('a YYYYMMDD number is read as epoch seconds when the model was trained on such numbers', () => {
  const customers = table('customers', { customer_id: ['a', 'b'], snapshot_at: [20250110, 20250120] });
  const orders = table('orders', { customer_id: ['a', 'a'], ordered_at: [20250101, 20250105], order_value: [1, 2] });
  const plan = planOf(`feature n = window_count(orders.order_value, 30d, as_of = snapshot_at)`, ['n']);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const state = fitPlan(plan, data, null);
  // Training read them as seconds (checked as skew/dates-as-numbers): serving reads them alike.
  assert.deepEqual([...transformBatch(plan, state, data).x.subarray(0, 1)], [2]);
  assert.deepEqual([...transformRow(plan, state, { customer_id: 'a', snapshot_at: 20250110 }, buildHistoryIndex(plan, data))], [2]);
});

test('a request time without a zone reads as UTC, whatever zone the training data wrote (docs/serving.md)', () => {
  // Every training time is written at +01:00; the request's 10:00 without a zone is 10:00 UTC, not 10:00+01:00.
  const customers = table('customers', { customer_id: ['a', 'b'], snapshot_at: ['2025-01-10T10:00:00+01:00', '2025-01-11T10:00:00+01:00'], churned: [0, 1] });
  const orders = table('orders', { customer_id: ['a', 'a'], ordered_at: ['2025-01-01T10:00:00+01:00', '2025-01-09T10:30:00+01:00'], order_value: [1, 2] });
  const plan = planOf(`feature n = window_count(orders.order_value, 30d, as_of = snapshot_at)`, ['n']);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const state = fitPlan(plan, data, null);
  const history = buildHistoryIndex(plan, data);
  const serve = (at: string) => [...transformRow(plan, state, { customer_id: 'a', snapshot_at: at }, history)];
  // The second order is at 09:30 UTC: inside a window ending 10:00 UTC, outside one ending 09:00 UTC (10:00+01:00).
  assert.deepEqual(serve('2025-01-09T10:00:00'), [2]);
  assert.deepEqual(serve('2025-01-09T10:00:00Z'), [2]);
  assert.deepEqual(serve('2025-01-09T10:00:00+01:00'), [1]);
});
