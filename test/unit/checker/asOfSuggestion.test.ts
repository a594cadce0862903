/**
 * `skew/not-point-in-time` names the `as_of` to add: the primary table's `time`. A primary table
 * with no `time` was told to "add 'as_of = primary.time'", a placeholder that, written as told,
 * is an unknown table; it now says which table's column to name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const WINDOW = 'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)';
const said = (text: string) => checkText(text).filter((d) => d.code === 'skew/not-point-in-time').map((d) => d.message);

describe("the 'as_of' that skew/not-point-in-time asks for", () => {
  it("is the primary table's time when it has one", { timeout: 30_000 }, () => {
    assert.match(said(edit(basePipeline(), WINDOW, 'window_mean(orders.order_value, 90d)'))[0], /add 'as_of = customers\.snapshot_at'$/);
  });

  it('names the primary table and what its column holds when it has no time', { timeout: 30_000 }, () => {
    const text = edit(edit(basePipeline(), WINDOW, 'window_mean(orders.order_value, 90d)'), '  time    = snapshot_at\n', '');
    assert.deepEqual(said(text), [
      "'window_mean' has no 'as_of': training would see rows from after each example's time; add 'as_of = customers.COLUMN', naming the column of 'customers' that holds each example's moment",
    ]);
  });

  it("names no 'time' that is no column of the data (the fix wrote an unknown reference)", { timeout: 30_000 }, () => {
    const text = edit(edit(basePipeline(), WINDOW, 'window_mean(orders.order_value, 90d)'), 'time    = snapshot_at', 'time    = snapshot_att');
    const found = checkText(text).filter((d) => d.code === 'skew/not-point-in-time');
    assert.deepEqual(found.map((d) => d.message), [
      "'window_mean' has no 'as_of': training would see rows from after each example's time; add 'as_of = customers.COLUMN', naming the column of 'customers' that holds each example's moment",
    ]);
    assert.equal(found[0].data, undefined, 'a quick fix writes the unknown column');
  });
});
