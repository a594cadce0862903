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
      "'orders.churned_flag' looks derived from the target 'churned' (its name is the target's with a prefix or suffix): it would leak the answer into feature 'spend'; read another column, or rename this one in the data if it is not the target's",
    );
  });
});
