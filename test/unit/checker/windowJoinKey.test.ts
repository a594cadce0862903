/**
 * A primary table without 'key' joins a window's history table on its column named like the
 * history's key. When it has no such column the check was clean and the run failed ("'hid' is
 * neither a feature nor a column of customers.csv"); the checker now reports it on the primary
 * table, and agrees with the engine on both sides of the line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

function both(text: string, orders = ORDERS) {
  const files = { 'customers.csv': CUSTOMERS, 'orders.csv': orders };
  const a = analyze(text, memoryHost(files, ['package-lock.json']));
  const engine = runEngine(a.binding, new Map([['customers', tableOf('customers', CUSTOMERS, 'customers.csv')], ['orders', tableOf('orders', orders, 'orders.csv')]]));
  return { errors: a.diagnostics.filter((d) => d.severity === 'error'), engine };
}

// Without a key the split cannot group by it either: split row by row (a split by 'plan' deals
// one plan to the test side, whose rows all hold one class: the file's 'require auc' would be
// never computed, an error of its own).
const withoutKey = (orders = ORDERS) => edit(edit(basePipeline(CUSTOMERS, orders), '  key     = customer_id\n  time    = snapshot_at', '  time    = snapshot_at'), '  by   = customer_id\n', '');

describe("a window's join when the primary table has no 'key'", () => {
  it("is 'missing-attribute' on the primary table when it has no column named like the history's key", () => {
    const orders = ORDERS.replace('order_id,customer_id,', 'order_id,cust,');
    const text = edit(withoutKey(orders), '  key     = customer_id\n  time    = ordered_at', '  key     = cust\n  time    = ordered_at');
    const { errors, engine } = both(text, orders);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'missing-attribute');
    assert.equal(text.slice(errors[0].start, errors[0].end).split('\n')[0], 'data customers {');
    assert.match(errors[0].message, /^'data customers' has no 'key', so the window over 'orders' \(line \d+\) joins on the column named like its key, 'cust', which 'customers' \(customers\.csv\) does not have: add 'key = COLUMN'/);
    assert.equal(engine.ok, false);
  });

  it('is clean, and runs, when the primary table has that column', () => {
    const { errors, engine } = both(withoutKey());
    assert.deepEqual(errors, []);
    assert.equal(engine.ok, true);
  });
});
