import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED, generate, writeChurnData } from '../../../examples/churn/generate.js';
import { loadTable, requireColumn } from '../../../server/backend/data/load.js';
import { timeColumn } from '../../../server/mlpipe/data/times.js';
import type { StringColumn } from '../../../server/mlpipe/data/table.js';

const committed = join(__dirname, '../../../examples/churn/data');

test('the generator is the source of truth: regenerating gives the committed bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-churn-'));
  try {
    const out = writeChurnData(dir, { customers: 2500, drift: false, seed: DEFAULT_SEED });
    assert.ok(readFileSync(out.customers).equals(readFileSync(join(committed, 'customers.csv'))), 'customers.csv differs');
    assert.ok(readFileSync(out.orders).equals(readFileSync(join(committed, 'orders.csv'))), 'orders.csv differs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the committed data has the documented schema, types and shape', async () => {
  const customers = await loadTable('customers', join(committed, 'customers.csv'));
  assert.deepEqual(
    customers.columns.map((c) => [c.name, c.type]),
    [
      ['customer_id', 'string'],
      ['snapshot_at', 'string'],
      ['tenure_days', 'integer'],
      ['plan', 'string'],
      ['monthly_charges', 'number'],
      ['support_tickets', 'integer'],
      ['region', 'string'],
      ['churned', 'integer'],
    ],
  );
  assert.ok(customers.rowCount > 5000 && customers.rowCount < 7000, `rows ${customers.rowCount}`);
  const ids = (customers.columns[0] as StringColumn).values;
  assert.ok(new Set(ids).size < ids.length, 'customer_id repeats across snapshots');
  const churned = requireColumn(customers, 'churned', 'numeric').values;
  const rate = churned.reduce((a, b) => a + b, 0) / churned.length;
  assert.ok(rate > 0.2 && rate < 0.3, `churn rate ${rate}`);
  const tenureMissing = requireColumn(customers, 'tenure_days').missing / customers.rowCount;
  assert.ok(tenureMissing > 0.01 && tenureMissing < 0.06, `tenure missing ${tenureMissing}`);
  assert.ok(timeColumn(customers, 'snapshot_at').every((t) => Number.isFinite(t)));

  const orders = await loadTable('orders', join(committed, 'orders.csv'));
  assert.deepEqual(orders.columns.map((c) => [c.name, c.type]), [
    ['order_id', 'string'],
    ['customer_id', 'string'],
    ['ordered_at', 'string'],
    ['order_value', 'number'],
  ]);
  const times = timeColumn(orders, 'ordered_at');
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), 'orders are in time order');
  assert.ok(requireColumn(orders, 'order_value').missing > 0);
});

test('--drift shifts the distributions', () => {
  const base = generate({ customers: 400, drift: false, seed: DEFAULT_SEED });
  const drift = generate({ customers: 400, drift: true, seed: DEFAULT_SEED });
  const share = (csv: string, plan: string): number => {
    const rows = csv.trim().split('\n').slice(1);
    return rows.filter((r) => r.split(',')[3] === plan).length / rows.length;
  };
  assert.ok(share(drift.customers, 'basic') > share(base.customers, 'basic') + 0.1);
});
