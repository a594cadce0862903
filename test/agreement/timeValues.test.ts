/**
 * Columns the engine reads as times (a window's `as_of`, a history table's `time`, the split's
 * `time`): a cell its parser refuses stops the run, so the checker reports it, once per column,
 * at the place that names the column, in the same words; and stays quiet when every cell reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import type { Diagnostic } from '../../server/mlpipe/diagnostics.js';
import { basePipeline, customersCsv, edit, memoryHost, ORDERS, ordersCsv } from '../unit/checker/fixture.js';
import { runEngine, tableOf } from './engine.js';

function both(text: string, customers: string, orders = ORDERS) {
  const a = analyze(text, memoryHost({ 'customers.csv': customers, 'orders.csv': orders }, ['package-lock.json']));
  const tables = new Map([
    ['customers', tableOf('customers', customers, 'customers.csv')],
    ['orders', tableOf('orders', orders, 'orders.csv')],
  ]);
  const timeErrors = a.diagnostics.filter((d) => d.code === 'invalid-value' && /cannot be read as times/.test(d.message));
  return { text, timeErrors, engine: runEngine(a.binding, tables) };
}

const at = (text: string, d: Diagnostic) => text.slice(d.start, d.end);
const lineOf = (text: string, d: Diagnostic) => text.split('\n')[d.range.start.line];

describe('a window reads a column the time parser refuses', () => {
  it("an 'as_of' cell that is no date ('2025-02-30') is reported at the 'as_of', naming the data row, and the engine refuses it", () => {
    const customers = customersCsv((row, i) => {
      if (i === 18) row[1] = '2025-02-30';
    });
    const { text, timeErrors, engine } = both(basePipeline(customers, ORDERS), customers);
    assert.equal(engine.ok, false);
    assert.match(!engine.ok ? engine.error.message : '', /customers.csv, data row 19, column snapshot_at: '2025-02-30' is not a time/);
    assert.equal(timeErrors.length, 1, JSON.stringify(timeErrors));
    assert.equal(at(text, timeErrors[0]), 'customers.snapshot_at');
    assert.match(lineOf(text, timeErrors[0]), /^feature spend /);
    assert.equal(
      timeErrors[0].message,
      "'window_mean' reads 'snapshot_at' as each example's time (as_of), and 'snapshot_at' of 'customers.csv' cannot be read as times: data row 19: '2025-02-30' is not a time: day 30 is out of range (2025-02 has 28 days)",
    );
  });

  it("an 'as_of' naming a text column is reported at its first row", () => {
    const text = edit(basePipeline(), 'as_of = customers.snapshot_at', 'as_of = customers.plan');
    const { timeErrors, engine } = both(text, customersCsv());
    assert.equal(engine.ok, false);
    assert.equal(timeErrors.length, 1, JSON.stringify(timeErrors));
    assert.equal(at(text, timeErrors[0]), 'customers.plan');
    assert.match(timeErrors[0].message, /data row 1: 'basic' is not a time/);
  });

  it("a history table's time cell that is no date is reported at the table's 'time', once for every window reading it", () => {
    const orders = ordersCsv().replace('O4,C004,2025-05-14T10:00:00Z', 'O4,C004,2024-09-31T10:00:00Z');
    assert.notEqual(orders, ordersCsv());
    const text = edit(
      basePipeline(customersCsv(), orders),
      'feature plan    = one_hot(customers.plan)',
      'feature plan    = one_hot(customers.plan)\nfeature count   = fill_missing(window_count(orders.order_value, 30d, as_of = customers.snapshot_at), 0)',
    ).replace('inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, count]');
    const { timeErrors, engine } = both(text, customersCsv(), orders);
    assert.equal(engine.ok, false);
    assert.match(!engine.ok ? engine.error.message : '', /orders.csv, data row 5, column ordered_at: '2024-09-31T10:00:00Z' is not a time/);
    assert.equal(timeErrors.length, 1, JSON.stringify(timeErrors));
    assert.equal(lineOf(text, timeErrors[0]).trim(), 'time    = ordered_at');
    assert.equal(at(text, timeErrors[0]), 'ordered_at');
    assert.match(timeErrors[0].message, /^'window_mean' looks back through 'orders' by its time, and 'ordered_at' of 'orders.csv' cannot be read as times: data row 5: '2024-09-31T10:00:00Z' is not a time/);
  });

  it("one column read for several reasons is reported once, at the first ('order = time' before an 'as_of')", () => {
    const customers = customersCsv((row, i) => {
      if (i === 7) row[1] = '2025-04-01T25:00';
    });
    const text = edit(basePipeline(customers, ORDERS), 'split {\n  test = 0.2\n  seed = 42\n  by   = customer_id\n}', 'split {\n  test  = 0.2\n  order = time\n}');
    const { timeErrors, engine } = both(text, customers);
    assert.equal(engine.ok, false);
    assert.equal(timeErrors.length, 1, JSON.stringify(timeErrors));
    assert.equal(at(text, timeErrors[0]), 'order = time');
    assert.match(timeErrors[0].message, /^'split' orders rows by time, .*data row 8: '2025-04-01T25:00' is not a time/);
  });

  it('is quiet when every cell reads as a time or is missing, and for a feature no model reads', () => {
    const missing = customersCsv((row, i) => {
      if (i === 18) row[1] = '';
    });
    const clean = both(basePipeline(missing, ORDERS), missing);
    assert.ok(clean.engine.ok, !clean.engine.ok ? clean.engine.error.message : '');
    assert.deepEqual(clean.timeErrors, []);
    // A feature no model reads is not compiled: its 'as_of' is never parsed.
    const unused = edit(basePipeline(), 'feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.plan)\nfeature odd     = fill_missing(window_count(orders.order_value, 30d, as_of = customers.plan), 0)');
    const quiet = both(unused, customersCsv());
    assert.ok(quiet.engine.ok, !quiet.engine.ok ? quiet.engine.error.message : '');
    assert.deepEqual(quiet.timeErrors, []);
  });
});
