/**
 * A window over a bare history column ('window_sum(discount, 7d, …)') got two errors at one
 * place: "'discount' is neither a feature nor a column of 'sales'" and "'window_sum' aggregates a
 * history table's column: write 'table.column'", neither naming the table that has it. It is now
 * one error that writes the argument ('promotions.discount'), with that fix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe("a window's history column written without its table", () => {
  it('is one error naming the table that has the column', () => {
    const found = checkText(edit(basePipeline(), 'window_mean(orders.order_value', 'window_mean(order_value')).filter((d) => d.severity === 'error');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, 'unknown-transform');
    assert.equal(found[0].message, "'window_mean' aggregates a history table's column: write 'orders.order_value'");
    assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'orders.order_value' });
  });

  it('stays generic for a name no history table has', () => {
    const found = checkText(edit(basePipeline(), 'window_mean(orders.order_value', 'window_mean(amount')).filter((d) => d.severity === 'error');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, "'window_mean' aggregates a history table's column: write 'table.column'");
  });
});
