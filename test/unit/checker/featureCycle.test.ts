import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const cycles = (text: string, files?: Record<string, string>) => checkText(text, files).filter((d) => d.code === 'feature-cycle');

// A feature named like the column it means to read: the bare name is the feature itself.
const selfNamed = edit(edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure_days = fill_missing(tenure_days, 0)'), '[tenure, spend_z, plan]', '[tenure_days, spend_z, plan]');

test('a feature named like a column of the primary table that reads that name reads itself: the message says how to read the column, with a fix', () => {
  const text = selfNamed;
  const ds = cycles(text);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  assert.equal(text.slice(ds[0].start, ds[0].end), 'tenure_days', 'on the feature name');
  assert.equal(ds[0].range.start.line, text.split('\n').findIndex((l) => l.startsWith('feature tenure_days')));
  assert.equal(ds[0].message, "feature 'tenure_days' reads itself: in a feature a bare name is the feature of that name, not the column; write 'customers.tenure_days' to read the column");
  assert.deepEqual(ds[0].data, { fix: 'qualify-column', table: 'customers', column: 'tenure_days' });
  // The fix's text is clean: the qualified name is the column.
  assert.deepEqual(cycles(text.replace('fill_missing(tenure_days, 0)', 'fill_missing(customers.tenure_days, 0)')), []);
});

test('the same without the data (its columns unknown) still offers the column; with a header that lacks the name, only the loop is reported', () => {
  const unknownColumns = cycles(selfNamed, {});
  assert.equal(unknownColumns.length, 1);
  assert.equal(unknownColumns[0].data?.fix, 'qualify-column');
  const notAColumn = edit(edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure = fill_missing(tenure, 0)'), 'model m {', 'model m {');
  const ds = cycles(notAColumn);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].message, "feature 'tenure' depends on itself (tenure → tenure): break the loop");
  assert.equal(ds[0].data, undefined);
});

test('a loop of two features is reported on each with its path, and offers no fix', () => {
  const text = edit(basePipeline(), 'feature spend_z = standardize(spend)', 'feature spend_z = standardize(spend) + loop\nfeature loop = spend_z * 2');
  const ds = cycles(text);
  assert.deepEqual(ds.map((d) => d.message).sort(), ["feature 'loop' depends on itself (loop → spend_z → loop): break the loop", "feature 'spend_z' depends on itself (spend_z → loop → spend_z): break the loop"]);
  assert.ok(ds.every((d) => d.data === undefined));
});

test('features that read columns of their own name through the table are clean', () => {
  const text = edit(selfNamed, 'fill_missing(tenure_days, 0)', 'fill_missing(customers.tenure_days, 0)');
  assert.deepEqual(cycles(text), []);
  assert.deepEqual(checkText(text).filter((d) => d.severity === 'error'), []);
});
