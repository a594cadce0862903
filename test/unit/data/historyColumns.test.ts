/**
 * A history table is loaded with only the columns the model's windows read (its key, its time,
 * each aggregated column): an event log's IDs and free text were held for nothing. The primary
 * table is loaded whole.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HashCache } from '../../../server/backend/data/hash.js';
import { loadPipelineData } from '../../../server/backend/pipeline/loadData.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { compilePlan, historyColumns, planInputOf } from '../../../server/mlpipe/features/index.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from '../checker/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-history-columns-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the plan names each history table's key, time and windowed columns; the loader keeps only those", async () => {
  const text = basePipeline();
  const { binding } = analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']));
  const model = [...binding.models.keys()][0]!;
  const kept = historyColumns(compilePlan(planInputOf(binding, model)));
  assert.deepEqual([...kept.keys()], ['orders']);
  assert.deepEqual([...kept.get('orders')!].sort(), ['customer_id', 'order_value', 'ordered_at']);

  writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  writeFileSync(join(dir, 'p.mlpipe'), text);
  const { tables } = await loadPipelineData(binding, join(dir, 'p.mlpipe'), new HashCache(), undefined, undefined, kept);
  assert.deepEqual(
    tables.get('orders')!.columns.map((c) => c.name),
    ['customer_id', 'ordered_at', 'order_value'],
  );
  // The primary table whole, whatever the map says of it.
  const all = await loadPipelineData(binding, join(dir, 'p.mlpipe'), new HashCache(), undefined, undefined, new Map([['customers', new Set(['churned'])]]));
  assert.deepEqual(
    all.tables.get('customers')!.columns.map((c) => c.name),
    CUSTOMERS.split('\n')[0]!.split(','),
  );
});
