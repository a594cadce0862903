import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable } from '../../../server/backend/data/load.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { compilePlan, fitPlan, transformBatch } from '../../../server/mlpipe/features/index.js';
import { featuresOf } from '../../unit/features/helpers.js';

/**
 * Real CSV files in a temp folder, run by the real runner: rows left out are said (F3), and
 * zero-padded keys join whatever the other table's key column is typed (F4).
 */

const PIPELINE = `pipeline leftout

data customers {
  source = "data/customers.csv"
  target = churned
  key    = customer_id
  time   = snapshot_at
}

data orders {
  source = "data/orders.csv"
  key    = customer_id
  time   = ordered_at
}

split {
  test = 0.25
  seed = 3
}

feature charges = customers.monthly_charges
feature n       = window_count(orders.order_value, 30d, as_of = customers.snapshot_at)

model m {
  kind   = logistic
  inputs = [charges, n]
  epochs = 2
  seed   = 1
}

environment {
  backend       = cpu
  deterministic = true
}
`;

/** 200 customers 00001..00200; every 10th has no monthly_charges, every 25th no target. */
function writeProject(dir: string, charges: (i: number) => string = (i) => (i % 10 === 0 ? '' : String(20 + (i % 7)))) {
  mkdirSync(join(dir, 'data'));
  const pad = (i: number) => String(i).padStart(5, '0');
  const customers = ['customer_id,snapshot_at,monthly_charges,churned'];
  const orders = ['order_id,customer_id,ordered_at,order_value'];
  for (let i = 1; i <= 200; i++) {
    customers.push(`${pad(i)},2025-03-01,${charges(i)},${i % 25 === 0 ? '' : i % 3 === 0 ? 1 : 0}`);
    orders.push(`O${i},${pad(i)},2025-02-20,${i}`);
  }
  // One text key: the orders key column is text, the customers one integer.
  orders.push('O999,X1,2025-02-20,5');
  writeFileSync(join(dir, 'data/customers.csv'), customers.join('\n') + '\n');
  writeFileSync(join(dir, 'data/orders.csv'), orders.join('\n') + '\n');
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
}

test('a run says which rows it left out (missing target, missing model input) in its result and its record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-leftout-'));
  try {
    writeProject(dir);
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    // 8 rows without a target (25, 50, …, 200); of the other 192, the 20 - 4 (the 50s, 100s … have no target) without charges.
    assert.equal(r.rows.droppedMissingTarget, 8);
    assert.equal(r.rows.droppedMissingFeatures, 16);
    assert.deepEqual(r.rows.missingInputs, [{ feature: 'charges', count: 16 }]);
    assert.equal(r.rows.train + r.rows.test, 200 - 8 - 16);
    assert.equal(
      r.leftOut,
      `left out of data/customers.csv: 8 rows with a missing target 'churned' (first: data row 25); 16 rows with a missing model input: 'charges' (16) (first: data row 10); wrap an input in fill_missing(…) to keep its rows`,
    );
    const store = openStore(dir);
    try {
      assert.equal(store.getRun(r.runId)!.notes, r.leftOut);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run that leaves no row out says nothing of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-leftout-'));
  try {
    writeProject(dir, (i) => String(20 + (i % 7)));
    writeFileSync(join(dir, 'data/customers.csv'), readFileSync(join(dir, 'data/customers.csv'), 'utf8').replace(/,\n/g, ',0\n'));
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    assert.equal(r.leftOut, undefined);
    assert.equal(r.emptyWindows, undefined, 'the orders share the customers\' keys');
    assert.deepEqual([r.rows.droppedMissingTarget, r.rows.droppedMissingFeatures, r.rows.missingInputs], [0, 0, []]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cell beyond the doubles\' range makes its column text: the run is refused, not trained on an infinity', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-leftout-'));
  try {
    writeProject(dir, (i) => (i === 7 ? '1e400' : String(20 + (i % 7))));
    const customers = await loadTable('customers', join(dir, 'data/customers.csv'));
    assert.equal(customers.columns.find((c) => c.name === 'monthly_charges')!.type, 'string');
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false }), (e: Error & { diagnostics?: Array<{ message: string }> }) => {
      const text = `${e.message} ${(e.diagnostics ?? []).map((d) => d.message).join(' ')}`;
      assert.match(text, /'charges' is text/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('zero-padded keys join from real files, whatever type each table\'s key column gets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-keys-'));
  try {
    writeProject(dir);
    const customers = await loadTable('customers', join(dir, 'data/customers.csv'));
    const orders = await loadTable('orders', join(dir, 'data/orders.csv'));
    // The premise: integer on one side, text (one 'X1') on the other.
    assert.equal(customers.columns[0]!.type, 'integer');
    assert.equal(orders.columns[1]!.type, 'string');
    const plan = compilePlan({
      features: featuresOf('feature n = window_count(orders.order_value, 30d, as_of = customers.snapshot_at)'),
      inputs: ['n'],
      primary: { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' },
      histories: new Map([['orders', { key: 'customer_id', time: 'ordered_at' }]]),
    });
    const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
    const out = transformBatch(plan, fitPlan(plan, data, null), data);
    // Every customer has its one order in the window.
    assert.deepEqual([...new Set(out.x)], [1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a history table whose keys no customer shares is said: every window over it is empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-keys-'));
  try {
    writeProject(dir, (i) => String(20 + (i % 7)));
    // The orders key customers as 'C00001' where the customers file writes 00001.
    writeFileSync(join(dir, 'data/orders.csv'), readFileSync(join(dir, 'data/orders.csv'), 'utf8').replace(/^(O\d+),(\d+),/gm, '$1,C$2,'));
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    assert.deepEqual(r.emptyWindows, [
      "no row of data/customers.csv shares a key with data/orders.csv: every window over 'orders' is empty (data/customers.csv's 'customer_id' holds keys like '1', data/orders.csv's 'customer_id' like 'C00001')",
    ]);
    const store = openStore(dir);
    try {
      assert.equal(store.getRun(r.runId)!.notes, [r.leftOut, ...r.emptyWindows!].filter(Boolean).join('; '));
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a history table with no rows, or no time in any row, is said: every window over it is empty', async () => {
  // A header-only export, or one that lost its timestamps: the check warns (skew/empty-window),
  // which the run does not print; the run said nothing while every window was empty.
  for (const [orders, note] of [
    [(text: string) => text.split('\n')[0] + '\n', "data/orders.csv has no row with a 'customer_id' (no rows, or that key missing in every one): every window over 'orders' is empty"],
    [(text: string) => text.replace(/,2025-02-20,/g, ',,'), "data/orders.csv's 'ordered_at' has no time in any row: every window over 'orders' is empty"],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-keys-'));
    try {
      writeProject(dir, (i) => String(20 + (i % 7)));
      writeFileSync(join(dir, 'data/orders.csv'), orders(readFileSync(join(dir, 'data/orders.csv'), 'utf8')));
      const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
      assert.deepEqual(r.emptyWindows, [note]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a history table no input\'s window reads is not said to have empty windows, whatever its keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-keys-'));
  try {
    writeProject(dir, (i) => String(20 + (i % 7)));
    writeFileSync(join(dir, 'data/orders.csv'), readFileSync(join(dir, 'data/orders.csv'), 'utf8').replace(/^(O\d+),(\d+),/gm, '$1,C$2,'));
    // The model reads only 'charges': 'orders' is declared, and no window of it is computed.
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE.replace('inputs = [charges, n]', 'inputs = [charges]'));
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    assert.deepEqual(r.emptyWindows ?? [], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
