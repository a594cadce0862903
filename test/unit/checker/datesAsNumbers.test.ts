/**
 * skew/dates-as-numbers: whole numbers written YYYYMMDD in a column a window measures time on
 * are read as epoch seconds (20250410 is 1970-08-23), so consecutive days are one second apart
 * and a 90-day window reaches back centuries of them, without a word. A whole-number column a
 * split only orders by is left alone: the numbers order as their dates do. Such numbers among the
 * ISO times of a text column are read decades before the others, for a split too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactDate } from '../../../server/mlpipe/data/isoTime.js';
import { basePipeline, checkText, CUSTOMERS, edit, ORDERS } from './fixture.js';

const compact = (csv: string) => csv.replace(/(\d{4})-(\d{2})-(\d{2})T10:00:00Z/g, '$1$2$3');
const warnings = (text: string, files: Record<string, string>) => checkText(text, files).filter((d) => d.code === 'skew/dates-as-numbers');

describe('skew/dates-as-numbers', () => {
  it("names the first cell, what it is read as, and the ISO date to write", () => {
    const orders = compact(ORDERS);
    const [w, ...rest] = warnings(basePipeline(CUSTOMERS, orders), { 'customers.csv': CUSTOMERS, 'orders.csv': orders });
    assert.equal(rest.length, 0);
    assert.equal(
      w!.message,
      "'window_mean' looks back through 'orders' by its time, and 'ordered_at' of 'orders.csv' holds whole numbers that read as dates written YYYYMMDD (data row 1: '20250410'), which the engine reads as epoch seconds: 20250410 is 1970-08-23T09:06:50Z, and consecutive days are one second apart, so every window spans years of them; write them as ISO dates (2025-04-10) in the data",
    );
  });

  it('is quiet when one cell is no such date (epoch seconds, a 13th month)', () => {
    for (const odd of ['1744279200', '20251310', '18991231']) {
      const orders = compact(ORDERS).replace('20250410', odd);
      assert.notEqual(orders, compact(ORDERS));
      assert.deepEqual(warnings(basePipeline(CUSTOMERS, orders), { 'customers.csv': CUSTOMERS, 'orders.csv': orders }), [], odd);
    }
  });

  it('is quiet for a column a time split only orders by', () => {
    const customers = CUSTOMERS.replace(/2025-0(\d)-01/g, '2025060$1');
    const text = edit(basePipeline(customers, ORDERS), '  seed = 42\n', '  order = time\n');
    // The windows read 'snapshot_at' as their as_of: with them gone, only the split reads it.
    const splitOnly = text.replace(/^feature spend .*$/m, 'feature spend = customers.tenure_days').replace(/^feature .*window_.*$/gm, '');
    assert.doesNotMatch(splitOnly, /window_/);
    assert.deepEqual(warnings(splitOnly, { 'customers.csv': customers, 'orders.csv': ORDERS }), []);
    // The same column read by a window as its as_of is warned.
    assert.equal(warnings(text, { 'customers.csv': customers, 'orders.csv': ORDERS }).length, 1);
  });

  it('names such a cell among the ISO times of a text column, which alone is read decades early, for a window and for a time split', () => {
    // One export wrote its rows as 20250410: the column stays text, and those rows' times read as 1970.
    const orders = ORDERS.replace('2025-04-10T10:00:00Z', '20250410');
    assert.notEqual(orders, ORDERS);
    const [w, ...rest] = warnings(basePipeline(CUSTOMERS, orders), { 'customers.csv': CUSTOMERS, 'orders.csv': orders });
    assert.equal(rest.length, 0);
    assert.equal(
      w!.message,
      "'window_mean' looks back through 'orders' by its time, and 'ordered_at' of 'orders.csv' holds dates written as YYYYMMDD whole numbers among its other times (data row 1: '20250410'), which the engine reads as epoch seconds: 20250410 is 1970-08-23T09:06:50Z, decades before the others, so such rows' windows miss their events and a time-ordered split puts them first; write them as ISO dates (2025-04-10) in the data",
    );
    // A time split orders such a row before every other: warned even where no window reads the column.
    const customers = CUSTOMERS.replace('2025-05-01', '20250501');
    assert.notEqual(customers, CUSTOMERS);
    const text = edit(basePipeline(customers, ORDERS), '  seed = 42\n', '  order = time\n');
    const splitOnly = text.replace(/^feature spend .*$/m, 'feature spend = customers.tenure_days').replace(/^feature .*window_.*$/gm, '');
    assert.deepEqual(
      warnings(splitOnly, { 'customers.csv': customers, 'orders.csv': ORDERS }).map((d) => splitOnly.slice(d.start, d.end)),
      ['order = time'],
    );
    // An eight-digit number that is no date is epoch seconds among the others: quiet.
    const seconds = ORDERS.replace('2025-04-10T10:00:00Z', '17442792');
    assert.deepEqual(warnings(basePipeline(CUSTOMERS, seconds), { 'customers.csv': CUSTOMERS, 'orders.csv': seconds }), []);
  });

  it('compactDate reads eight digits of a real calendar day from 1900 to 2199', () => {
    assert.equal(compactDate('20250601'), '2025-06-01');
    assert.equal(compactDate('20240229'), '2024-02-29');
    for (const no of ['20250229', '20251301', '20250100', '18991231', '22000101', '2025061', '202506011', '2025-06-', '1.250601']) assert.equal(compactDate(no), undefined, no);
  });
});
