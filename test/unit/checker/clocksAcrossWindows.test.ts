/**
 * skew/mixed-time-zones between a window's two clocks: an `as_of` column written without a zone
 * (read as UTC) against a history `time` written with one, or the reverse. Each column keeps to
 * one form, so the per-column warning was quiet, and if the ones without were local times every
 * window's edges were hours off with a clean check.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { basePipeline, checkText, customersCsv, ORDERS } from './fixture.js';

const NAIVE_SNAPSHOTS = customersCsv((row) => (row[1] = `${row[1]}T09:00:00`));
const ZONED_SNAPSHOTS = customersCsv((row) => (row[1] = `${row[1]}T09:00:00+02:00`));
const ORDERS_UNZONED = ORDERS.replace(/T10:00:00Z/g, 'T10:00:00');

function mixed(customers: string, orders: string) {
  const text = basePipeline(customers, orders);
  const diags = checkText(text, { 'customers.csv': customers, 'orders.csv': orders }).filter((d) => d.code === 'skew/mixed-time-zones');
  return { text, diags };
}

it("a window whose as_of has no zone and whose history's time has one is warned of, at the as_of", () => {
  const { text, diags } = mixed(NAIVE_SNAPSHOTS, ORDERS);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  assert.equal(diags[0].severity, 'warning');
  assert.equal(text.slice(diags[0].start, diags[0].end), 'customers.snapshot_at');
  assert.equal(
    diags[0].message,
    "'window_mean' compares 'snapshot_at' of 'customers.csv', written without a zone (data row 1: '2025-05-01T09:00:00') and read as UTC, with 'ordered_at' of 'orders.csv', written with one (data row 1: '2025-04-10T10:00:00Z'): if the ones without are local times, every window's edges are hours off; write both with their offsets, or both in UTC",
  );
});

it('and the reverse: zoned examples, history times without a zone', () => {
  const { diags } = mixed(ZONED_SNAPSHOTS, ORDERS_UNZONED);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  assert.match(diags[0].message, /compares 'ordered_at' of 'orders.csv', written without a zone .* with 'snapshot_at' of 'customers.csv', written with one \(data row 1: '2025-05-01T09:00:00\+02:00'\)/);
});

it('quiet when both sides keep one form, when either is dates alone, and when a column mixes (its own warning)', () => {
  assert.deepEqual(mixed(ZONED_SNAPSHOTS, ORDERS).diags, []);
  assert.deepEqual(mixed(NAIVE_SNAPSHOTS, ORDERS_UNZONED).diags, []);
  // The base customers hold dates alone: midnight UTC by definition, not a clock reading.
  assert.deepEqual(mixed(customersCsv(), ORDERS_UNZONED).diags, []);
  assert.deepEqual(mixed(customersCsv(), ORDERS).diags, []);
  const oneUnzoned = ORDERS.replace('2025-05-11T10:00:00Z', '2025-05-11T10:00:00');
  const within = mixed(NAIVE_SNAPSHOTS, oneUnzoned).diags;
  assert.equal(within.length, 1, JSON.stringify(within));
  assert.match(within[0].message, /'ordered_at' of 'orders.csv' mixes times written with their zone/);
});
