/**
 * A numeric window of a text history column was told to "encode it with 'one_hot' or
 * 'hash_bucket'", which a history column cannot take (it is read only through a window: that
 * is 'history-outside-window'). It now points at 'window_count', the window that reads text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, CUSTOMERS, ORDERS } from './fixture.js';

describe('a numeric window of a text history column', () => {
  it("says 'window_count' reads text, not one_hot", () => {
    const orders = ORDERS.replace(/,(\d+\.\d\d)$/gm, (_, v: string) => `,${Number(v) > 50 ? 'big' : 'small'}`);
    const errors = checkText(basePipeline(CUSTOMERS, orders), { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'type-mismatch');
    assert.equal(errors[0].message, "'window_mean' needs numbers, but 'orders.order_value' is text: 'window_count' is the window that reads text (it counts the values)");
  });
});

describe('a text history column read outside a window', () => {
  it("suggests 'window_count', the window that takes text", () => {
    const orders = ORDERS.replace(/,(\d+\.\d\d)$/gm, (_, v: string) => `,${Number(v) > 50 ? 'big' : 'small'}`);
    const text = basePipeline(CUSTOMERS, orders).replace('feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(orders.order_value)');
    const errors = checkText(text, { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.code === 'history-outside-window');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /e\.g\. 'window_count\(orders\.order_value, 90d, as_of = customers\.snapshot_at\)'/);
  });

  it("keeps suggesting 'window_mean' for a numeric one", () => {
    const text = basePipeline().replace('feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(orders.order_value)');
    const errors = checkText(text).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.code), ['history-outside-window'], JSON.stringify(errors));
    assert.match(errors[0].message, /e\.g\. 'window_mean\(orders\.order_value, 90d/);
  });
});
