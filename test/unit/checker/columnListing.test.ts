/**
 * A column name nothing like the table's header ('promo_time' for 'promo_at', 'amount' for
 * 'discount') was reported as "'promotions' has no column 'amount'." and nothing more: the user
 * had to open the data file to find the name. With no close name, the message lists the columns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('an unknown column with no close name', () => {
  it("lists the table's columns", () => {
    const found = checkText(edit(basePipeline(), 'window_mean(orders.order_value', 'window_mean(orders.amount')).filter((d) => d.code === 'unknown-reference');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, "'orders.amount': 'orders' (orders.csv) has no column 'amount'. Its columns are 'order_id', 'customer_id', 'ordered_at' and 'order_value'.");
  });

  it("lists them for a data block's 'time' too", () => {
    const found = checkText(edit(basePipeline(), 'time    = ordered_at', 'time    = placed')).filter((d) => d.code === 'unknown-reference');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /has no column 'placed'\. Its columns are 'order_id', 'customer_id', 'ordered_at' and 'order_value'\.$/);
  });

  it('still only suggests the close name when there is one', () => {
    const found = checkText(edit(basePipeline(), 'window_mean(orders.order_value', 'window_mean(orders.order_valu')).filter((d) => d.code === 'unknown-reference');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /has no column 'order_valu'\. Did you mean 'order_value'\?$/);
  });
});
