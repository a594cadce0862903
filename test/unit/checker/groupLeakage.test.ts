// skew/group-leakage's advice follows the split's order: 'by' for a random split, both cases for
// a time split, where an entity's past training and its future testing is often the point.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const leakage = (text: string) => checkText(text).filter((d) => d.code === 'skew/group-leakage');
const withoutBy = edit(basePipeline(), '  by   = customer_id\n', '');

test('a random split of repeated keys is told to add by', () => {
  const found = leakage(withoutBy);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0].message, /^'customers\.customer_id' repeats \(e\.g\. "C000"\) but the split has no 'by': rows of one entity land on both sides; add 'by = customer_id'$/);
  assert.equal(withoutBy.slice(found[0].start, found[0].end), 'split {', 'on the split block\'s header');
});

test('a time split of repeated keys is told when that is intended and when to add by', () => {
  const text = edit(withoutBy, '  seed = 42\n', '  order = time\n');
  const found = leakage(text);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0].message, /and the time split has no 'by': an entity's earlier rows train and its later rows test, as intended when the model scores entities it has already seen; if it must score new ones, add 'by = customer_id'/);
});

test('a split by the key, random or in time, is quiet', () => {
  assert.deepEqual(leakage(basePipeline()), []);
  assert.deepEqual(leakage(edit(basePipeline(), '  seed = 42\n', '  order = time\n')), []);
});

test("a key that is the target is told to name the entity, not to split by the target", () => {
  // 'add by = churned' put each class on one side of the split: the model never trained on the
  // class it was tested on (a one-class training side), with an info at most.
  const text = edit(withoutBy, '  key     = customer_id\n', '  key     = churned\n');
  const found = leakage(text);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(
    found[0].message,
    "'customers.churned' repeats (e.g. \"1\"): it is the target, not an entity's ID; set 'key' to the column that names the entity each row describes (grouping the split by the target would put each class on one side only)",
  );
  assert.equal(found[0].data, undefined, "no fix writing 'by = churned'");
  assert.equal(text.slice(found[0].start, found[0].end), 'churned', "on the key's value");
});

test("a split whose 'by' is invalid is that error alone, not told it has no 'by'", () => {
  // "the split has no 'by'" was false, and its fix wrote a second 'by' (duplicate-definition).
  for (const by of ['"customer_id"', '3', 'customer_id.x']) {
    const text = edit(basePipeline(), '  by   = customer_id\n', `  by   = ${by}\n`);
    assert.deepEqual(leakage(text), [], by);
    assert.ok(checkText(text).some((d) => d.severity === 'error' && text.slice(d.start, d.end).includes(by.replace(/\..*/, ''))), `the 'by = ${by}' error is reported`);
  }
});
