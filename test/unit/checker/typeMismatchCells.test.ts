/**
 * A type mismatch caused by the data names the cells that caused it: a numeric column made text
 * by a stray cell points at that cell (as the engine's loader does), and a column with no value
 * at all is not said to hold fractional numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InfoBuilder } from '../../../server/mlpipe/data/infoBuilder.js';
import * as strays from '../../../server/mlpipe/data/strays.js';
import { basePipeline, checkText, customersCsv, edit, ORDERS } from './fixture.js';

/** The fixture's customers with tenure_days (column 2) replaced where `cell` says. */
function customers(cell: (i: number) => string | undefined): string {
  return customersCsv((row, i) => {
    const v = cell(i);
    if (v !== undefined) row[2] = v;
  });
}

function mismatches(text: string, customersText: string): string[] {
  const ds = checkText(text, { 'customers.csv': customersText, 'orders.csv': ORDERS });
  return ds.filter((d) => d.code === 'type-mismatch').map((d) => d.message);
}

const scaled = (csv: string) => edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = standardize(tenure_days)');

describe('type-mismatch names the cells behind it', () => {
  it('points at the one cell that made a numeric column text, by its data row', () => {
    const csv = customers((i) => (i === 16 ? 'N/A' : undefined));
    const got = mismatches(scaled(csv), csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /'tenure_days' is text: 'N\/A' in data row 17 is its one cell that is not a number; write a missing value as empty, NA or null/);
    assert.doesNotMatch(got[0]!, /one_hot/, 'a numeric column with a stray cell is not advice to encode it');
  });

  it('counts the stray cells and shows the first', () => {
    const csv = customers((i) => (i === 5 ? '12 days' : i === 40 || i === 41 ? '?' : undefined));
    const [got] = mismatches(scaled(csv), csv);
    assert.match(got!, /'12 days' in data row 6 is the first of its 3 cells that is not a number/);
  });

  it('says a column of dates is dates and how to make one a number, not to encode it', () => {
    // A sale date standardized: "encode it with 'one_hot'" would learn each day as a category.
    const csv = customers((i) => `2025-03-${String((i % 28) + 1).padStart(2, '0')}`);
    const [got] = mismatches(scaled(csv), csv);
    assert.match(got!, /'tenure_days' is text: its cells are dates or times \('2025-03-01' in data row 1\), which no numeric transform reads .*write it in the data as a number, such as epoch seconds or days since a date you choose$/);
    // The engine refusing it says the same (the run checks first; a sample may differ).
    const { strayCells, timesText } = strays;
    assert.equal(strayCells(['2025-03-01', '2025-03-02']), undefined);
    assert.equal(timesText(['2025-03-01', null, 'soon']), undefined, 'not every cell a time: no such advice');
  });

  it('keeps the advice to encode a column that is text throughout', () => {
    const csv = customers(() => 'long');
    const [got] = mismatches(scaled(csv), csv);
    assert.match(got!, /'tenure_days' is text: encode it with 'one_hot' or 'hash_bucket'/);
  });

  it('names the stray cell for arithmetic and for a model input', () => {
    const csv = customers((i) => (i === 3 ? 'x' : undefined));
    const arithmetic = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = tenure_days * 2');
    assert.match(mismatches(arithmetic, csv)[0]!, /arithmetic needs numbers, but 'tenure_days' is text: 'x' in data row 4/);
    const raw = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = tenure_days');
    assert.match(mismatches(raw, csv)[0]!, /feature 'tenure' is text, which a model cannot read: 'x' in data row 4/);
  });

  it('says a column with no value has no category to encode, not that it holds fractions', () => {
    const csv = customers(() => '');
    const text = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = one_hot(tenure_days)');
    const got = mismatches(text, csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /'one_hot' has no category to encode: every cell of 'tenure_days' is missing in the 60 rows read/);
  });

  it('says whole numbers written with a point (3.0) are read as fractional, not that they are fractions', () => {
    const csv = customers((i) => (i === 4 ? '12.0' : i === 9 ? '1e2' : undefined));
    const text = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = one_hot(tenure_days)');
    const got = mismatches(text, csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /'one_hot' needs text or whole numbers, and 'tenure_days' holds whole numbers only, but some are written with a decimal point or an exponent \(such as 3\.0\), so the column reads as fractional: write them as whole numbers \(3\)/);
    // A real fraction keeps the advice to bucketize.
    const frac = customers((i) => (i === 4 ? '12.5' : undefined));
    assert.match(mismatches(text, frac)[0]!, /'tenure_days' holds fractional numbers: use 'bucketize' first/);
  });

  it('stays quiet when missing cells are written as missing', () => {
    const csv = customers((i) => (i === 16 ? 'NA' : i === 17 ? 'null' : undefined));
    assert.deepEqual(mismatches(scaled(csv), csv), []);
  });
});

describe('InfoBuilder records stray text cells', () => {
  it('only for a text column that also holds numbers', () => {
    const b = new InfoBuilder(['n', 't', 'e']);
    b.addRow(['1', 'a', null]);
    b.addRow(['oops', 'b', 'NA']);
    b.addRow(['2.5', '3', '']);
    b.addRow(['bad', 'c', null]);
    const cols = b.finish({ path: '/x.csv' }).columns!;
    assert.deepEqual(cols[0]!.strays, { count: 2, first: 'oops', row: 2 });
    // 't' is text with one number in it: a column of text, not numbers with strays.
    assert.equal(cols[1]!.strays, undefined);
    assert.equal(cols[2]!.strays, undefined);
    assert.equal(cols[2]!.missing, 4);
  });
});

describe('a stray cell in a column read through fill_missing', () => {
  // The quick fix for skew/implicit-missing wraps columns in fill_missing, so this is the common
  // shape: the errors said "fill_missing needs a string, e.g. \"unknown\"" and "encode it with
  // 'one_hot'", advice for a text column, and none named the cell that made the column text.
  const csv = customers((i) => (i === 16 ? 'N/A' : undefined));

  it('is one error, at the fill, naming the cell', () => {
    const got = mismatches(basePipeline(csv), csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /^'tenure_days' is text: 'N\/A' in data row 17 is its one cell that is not a number/);
  });

  it('is one error under a numeric transform too', () => {
    const text = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = standardize(fill_missing(tenure_days, 0)) * 2');
    const got = mismatches(text, csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /'N\/A' in data row 17/);
  });

  it('names the cell where the fill is text and a numeric transform reads it', () => {
    const text = edit(basePipeline(csv), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = standardize(fill_missing(tenure_days, "none"))');
    const got = mismatches(text, csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /'standardize' needs numbers, but 'fill_missing\(…\)' is text: 'N\/A' in data row 17/);
  });
});

describe('a column with no value, filled with text and encoded', () => {
  // A text column empty in every row of this extract is typed as numbers (as the loader stores
  // it): 'one_hot(fill_missing(col, "unknown"))' was told the fill 'holds fractional numbers'
  // and that the column 'is numeric', neither of which the file shows.
  const csv = customersCsv((row) => {
    row[3] = '';
  });
  it('is one error saying every cell is missing', () => {
    const text = edit(basePipeline(csv), 'one_hot(customers.plan)', 'one_hot(fill_missing(customers.plan, "unknown"))');
    const got = mismatches(text, csv);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /^every cell of 'customers\.plan' is missing in the 60 rows read/);
    assert.doesNotMatch(got[0]!, /fractional/);
  });

  it('says nothing of fractions for a table with no rows (the empty split says what is wrong)', () => {
    const header = customersCsv().split('\n')[0] + '\n';
    const got = mismatches(basePipeline(header), header);
    assert.deepEqual(got, []);
  });
});
