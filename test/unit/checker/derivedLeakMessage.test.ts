/**
 * A history column whose name only looks derived from the target ('fails_within_7d_flag') is an
 * error no comment can silence, found by its name alone; the message said what leaked but not
 * what to do, nor why the column was taken for the target's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, CUSTOMERS, edit, ORDERS } from './fixture.js';

describe('a history column named after the target', () => {
  it('says why it counts as the target and what to do', { timeout: 30_000 }, () => {
    const orders = ORDERS.replace('order_id,customer_id,ordered_at,order_value', 'order_id,customer_id,ordered_at,churned_flag');
    const text = edit(basePipeline(CUSTOMERS, orders), 'window_mean(orders.order_value', 'window_mean(orders.churned_flag');
    const found = checkText(text, { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.code === 'skew/target-leakage');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(
      found[0].message,
      "'orders.churned_flag' looks derived from the target 'churned' (its name is the target's with a prefix or suffix): a window of past labels leaks every label not yet known at the example's time (a churn label known 30 days later) into feature 'spend'; if these are values known as they are recorded (units sold that day, a lag), rename the column in the history data to a name that is none of 'churned', 'churned_…' or '…_churned'",
    );
  });

  // A demand pipeline's past 'units_sold' read through a point-in-time window is a lag, which
  // docs/diagnostics.md calls sound; "rename it if it is not the target's" told that user it leaked.
  it('says when a point-in-time window of it is sound (a lag)', { timeout: 30_000 }, () => {
    const orders = ORDERS.replace('order_id,customer_id,ordered_at,order_value', 'order_id,customer_id,ordered_at,churned');
    const text = edit(basePipeline(CUSTOMERS, orders), 'window_mean(orders.order_value', 'window_mean(orders.churned');
    const found = checkText(text, { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.code === 'skew/target-leakage');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /its name is the target's\): a window of past labels .*if these are values known as they are recorded \(units sold that day, a lag\), rename the column/);
  });

  it('keeps the plain advice for a window without as_of', { timeout: 30_000 }, () => {
    const orders = ORDERS.replace('order_id,customer_id,ordered_at,order_value', 'order_id,customer_id,ordered_at,churned_flag');
    const text = edit(basePipeline(CUSTOMERS, orders), 'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)', 'window_mean(orders.churned_flag, 90d)');
    const found = checkText(text, { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.code === 'skew/target-leakage');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(
      found[0].message,
      "'orders.churned_flag' looks derived from the target 'churned' (its name is the target's with a prefix or suffix): it would leak the answer into feature 'spend'; read another column, or rename this one in the data if it is not the target's",
    );
  });
});

describe("a lag window over the primary table's own file", () => {
  // 'data past { source = <the primary file> }' with a window over its target column: renaming
  // the column there would rename the target, so the advice is a file of its own.
  it('says to write the series to a file of its own', { timeout: 30_000 }, () => {
    let text = edit(basePipeline(), 'split {', 'data past {\n  source = "customers.csv"\n  key    = customer_id\n  time   = snapshot_at\n}\n\nsplit {');
    text = edit(text, 'window_mean(orders.order_value', 'window_mean(past.churned');
    const found = checkText(text).filter((d) => d.code === 'skew/target-leakage');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /a lag\), write the series to a file of its own for 'data past' \(it reads 'customers\.csv', the primary table's file, where renaming it would rename the target\)/);
  });
});
