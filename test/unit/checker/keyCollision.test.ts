import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integerCollisionMessage } from '../../../server/mlpipe/data/keys.js';
import { basePipeline, checkText, customersCsv, edit, hashOf, ORDERS } from './fixture.js';

const ID = 1234567890123456700n;
/** Customers keyed by 19-digit integers `step` apart (near 1.2e18, doubles are 256 apart). */
const customers = (step: bigint) => customersCsv((row, i) => (row[0] = (ID + BigInt(Math.floor(i / 2)) * step).toString()));
const pipelineFor = (csv: string, text = basePipeline()) => text.replace(/version = "sha256:[0-9a-f]+"\n  target  = churned/, `version = "${hashOf(csv)}"\n  target  = churned`);
const collisions = (text: string, csv: string) =>
  checkText(text, { 'customers.csv': csv, 'orders.csv': ORDERS }).filter((d) => d.code === 'invalid-value' && /too long to tell apart/.test(d.message));

test('a key of integers too long for a double is invalid-value on the key, in the engine\'s words', () => {
  const csv = customers(1n);
  const text = pipelineFor(csv);
  const found = collisions(text, csv);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].message, integerCollisionMessage('customer_id', ['1234567890123456700', '1234567890123456701']));
  assert.equal(text.slice(found[0].start, found[0].end), 'customer_id');
  assert.equal(text.slice(0, found[0].start).split('\n').at(-1), '  key     = ', 'on the key attribute of data customers');
});

test('a split by such a column that is not the key is reported on by', () => {
  const csv = customersCsv((row, i) => (row[4] = (ID + BigInt(i % 7)).toString()));
  const text = edit(pipelineFor(csv), '  by   = customer_id', '  by   = support_tickets');
  const found = collisions(text, csv);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(text.slice(found[0].start, found[0].end), 'support_tickets');
});

test('long integer keys a double tells apart, and text keys, are clean', () => {
  const spaced = customers(1000n);
  assert.deepEqual(collisions(pipelineFor(spaced), spaced), []);
  assert.deepEqual(collisions(basePipeline(), customersCsv()), []);
});

test('unique 19-digit keys one double apart are not said to repeat (no group-leakage beside the collision)', () => {
  // One row per customer: the IDs are distinct as written, and repeat only as doubles.
  const lines = customersCsv().trim().split('\n');
  const csv = [lines[0], ...lines.slice(1).map((l, i) => l.replace(/^[^,]+/, (ID + BigInt(i)).toString()))].join('\n') + '\n';
  const text = edit(pipelineFor(csv), '  by   = customer_id\n', '');
  const found = checkText(text, { 'customers.csv': csv, 'orders.csv': ORDERS });
  assert.equal(collisions(text, csv).length, 1);
  assert.deepEqual(found.filter((d) => d.code === 'skew/group-leakage'), []);
});
