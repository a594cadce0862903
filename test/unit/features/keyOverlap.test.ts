import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Column } from '../../../server/mlpipe/data/table.js';
import { keyOverlap, noSharedKeyNote, noTimesNote } from '../../../server/mlpipe/features/keyOverlap.js';

const num = (values: number[]): Column => ({ name: 'k', type: 'integer', values: Float64Array.from(values), missing: values.filter((v) => v !== v).length });
const text = (values: Array<string | null>): Column => ({ name: 'k', type: 'string', values, missing: values.filter((v) => v === null).length });
const P = { source: 'a.csv', key: 'id' };
const H = { name: 'h', source: 'h.csv', key: 'cid' };

test('keys match as the window join keys them: 7 and "007" are one key; missing keys are not rows', () => {
  const o = keyOverlap(num([7, 8, NaN, 9]), text(['007', 'X1', null]));
  assert.deepEqual(o, { rows: 3, matched: 1, primaryExample: '7', historyExample: '7' });
  assert.equal(noSharedKeyNote(P, H, o), undefined, 'one shared key: nothing to say');
});

test('no shared key: the note shows a key of each side', () => {
  const o = keyOverlap(text(['C1', 'C2']), num([1, 2]));
  assert.deepEqual([o.rows, o.matched], [2, 0]);
  assert.equal(noSharedKeyNote(P, H, o), "no row of a.csv shares a key with h.csv: every window over 'h' is empty (a.csv's 'id' holds keys like 'C1', h.csv's 'cid' like '1')");
});

test('a primary table without keys says nothing; a history without keyed rows says every window is empty', () => {
  assert.equal(noSharedKeyNote(P, H, keyOverlap(text([null]), num([1]))), undefined);
  // A history file of only its header (a failed export) made every window empty without a word.
  const note = "h.csv has no row with a 'cid' (no rows, or that key missing in every one): every window over 'h' is empty";
  assert.equal(noSharedKeyNote(P, H, keyOverlap(text(['C1']), num([NaN]))), note);
  assert.equal(noSharedKeyNote(P, H, keyOverlap(text(['C1']), num([]))), note);
});

test('a history time column missing in every row says every window is empty; one time, or no rows, says nothing', () => {
  const T = { name: 'h', source: 'h.csv', time: 'at' };
  assert.equal(noTimesNote(T, text([null, null]), 2), "h.csv's 'at' has no time in any row: every window over 'h' is empty");
  assert.equal(noTimesNote(T, num([NaN, 5]), 2), undefined);
  assert.equal(noTimesNote(T, text([]), 0), undefined);
});
