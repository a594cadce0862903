/**
 * A demand file holding the days still to forecast (no units sold yet) under 'order = time':
 * those rows are the most recent, so the split put all 800 on the test side and the run judged
 * the model on 160 rows where 'test = 0.2' asked for 800, saying only "800 rows with a missing
 * target". The runner's line now says where those rows went and what the test side kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leftOutMessage } from '../../../server/mlpipe/features/complete.js';

const kept = { dropped: 0, leftOut: [], firstLeftOut: undefined };

test('a time split that put the unlabelled rows on the test side says so', () => {
  assert.equal(
    leftOutMessage('d5/sales.csv', { name: 'units_sold', missing: 800, first: 4000, timeSplit: { onTest: 800, testRows: 160 } }, kept),
    "left out of d5/sales.csv: 800 rows with a missing target 'units_sold' (first: data row 4001) (all of them the most recent rows, which the time split put on the test side: it keeps 160 rows with a target; keep rows still to be predicted out of the training data and score them with 'mlpipe score')",
  );
});

test('a time split whose unlabelled rows all train, and a random split, say nothing more', () => {
  const plain = "left out of s.csv: 3 rows with a missing target 'y' (first: data row 2)";
  assert.equal(leftOutMessage('s.csv', { name: 'y', missing: 3, first: 1, timeSplit: { onTest: 0, testRows: 50 } }, kept), plain);
  assert.equal(leftOutMessage('s.csv', { name: 'y', missing: 3, first: 1 }, kept), plain);
});
