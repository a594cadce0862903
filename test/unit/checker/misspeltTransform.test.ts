/**
 * A misspelt window function ('window_cnt(orders.order_value, …)') was two errors: the
 * unknown-transform, listing every transform and suggesting none, and a history-outside-window
 * on its first argument, since a call that is no transform is no window either. The second is
 * a cascade of the first (the spec: a node with an error gets no further diagnostics). Now it is
 * one error ending "Did you mean 'window_count'?" with the did-you-mean fix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('a misspelt transform', () => {
  it('of a window is one error, suggesting the window', { timeout: 30_000 }, () => {
    const found = checkText(edit(basePipeline(), 'window_mean(orders.order_value', 'window_maen(orders.order_value')).filter((d) => d.severity === 'error');
    assert.deepEqual(found.map((d) => d.code), ['unknown-transform'], JSON.stringify(found));
    assert.ok(found[0].message.endsWith("Did you mean 'window_mean'?"), found[0].message);
    assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'window_mean' });
  });

  it('of another transform suggests it', { timeout: 30_000 }, () => {
    const found = checkText(edit(basePipeline(), 'standardize(spend)', 'standardise(spend)')).filter((d) => d.severity === 'error');
    assert.deepEqual(found.map((d) => d.code), ['unknown-transform'], JSON.stringify(found));
    assert.ok(found[0].message.endsWith("Did you mean 'standardize'?"), found[0].message);
  });

  it('still lets a history column read by a real transform be reported', { timeout: 30_000 }, () => {
    const found = checkText(edit(basePipeline(), 'fill_missing(window_mean(orders.order_value, 90d, as_of = customers.snapshot_at), 0)', 'log1p(orders.order_value)'));
    assert.deepEqual(found.filter((d) => d.severity === 'error').map((d) => d.code), ['history-outside-window']);
  });
});
