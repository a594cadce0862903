import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnEdges, columnWidths, fitText, ID_WIDTH, MIN_WIDTH, rowsInView, TICK_WIDTH } from '../../../webviews/experiments/layout.js';

const measure = (s: string) => 7 * s.length;

test('a text that fits is kept; one that does not is cut to the widest prefix that fits beside an ellipsis', () => {
  assert.equal(fitText('completed', 100, measure), 'completed');
  const cut = fitText('a-rather-long-pipeline-name', 70, measure);
  assert.ok(cut.endsWith('…'));
  assert.ok(measure(cut) <= 70, `${cut} is ${measure(cut)} px`);
  assert.ok(measure('a-rather-long-pipeline-name'.slice(0, cut.length) + '…') > 70, 'one more character would not fit');
  assert.equal(fitText('abc', 5, measure), '', 'no room even for the ellipsis');
  assert.equal(fitText('', 50, measure), '');
});

test('columns: tick and id fixed, the rest share the width, none under the minimum', () => {
  const w = columnWidths(1000, 5);
  assert.deepEqual(w.slice(0, 2), [TICK_WIDTH, ID_WIDTH]);
  assert.equal(w.length, 6);
  assert.ok(w.slice(2).every((x) => x === Math.floor((1000 - TICK_WIDTH - ID_WIDTH) / 4)));
  assert.ok(columnWidths(300, 20).slice(2).every((x) => x === MIN_WIDTH), 'narrow: the table scrolls sideways');
  assert.deepEqual(columnEdges([28, 190, 80]), [0, 28, 218, 298]);
});

test('rows in view: any row partly inside counts, clipped to the rows there are', () => {
  assert.deepEqual(rowsInView(0, 600, 24, 10_000), { first: 0, last: 24 });
  assert.deepEqual(rowsInView(2412, 600, 24, 10_000), { first: 100, last: 125 });
  assert.deepEqual(rowsInView(0, 600, 24, 3), { first: 0, last: 2 });
});
