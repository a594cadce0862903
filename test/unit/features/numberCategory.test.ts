/**
 * A JSON number for a text field reads as its text as JavaScript writes it (7, and 1 for 1.0).
 * The CSV reader keeps a text column's cells as written, so a model that learned '07' (a zip, a
 * code: the column is text because another cell is 'x') scored a request sending 7 (pandas reads
 * '07' as 7) as an unseen category, the all-zero vector, answered 200 without a word, while the
 * training row with the same cell was scored as '07'. Such a number is refused, naming the text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { serveDefaultProblems, transformRow } from '../../../server/mlpipe/features/row.js';
import { planOf, table } from './helpers.js';

function fitted(codes: string[]) {
  const customers = table('customers', {
    customer_id: codes.map((_, i) => `c${i}`),
    snapshot_at: codes.map(() => '2025-01-10'),
    code: codes,
    churned: codes.map((_, i) => i % 2),
  });
  const plan = planOf('feature f = one_hot(fill_missing(customers.code, "unknown"))', ['f'], { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  return { plan, state: fitPlan(plan, data, null), history: buildHistoryIndex(plan, data) };
}

function served(codes: string[]) {
  const { plan, state, history } = fitted(codes);
  return (code: unknown) => [...transformRow(plan, state, { code } as never, history)];
}

test('a JSON number for text the model learned written otherwise (07, 1.0) is refused, naming the text', () => {
  const serve = served(['07', 'x', '1.0', '07']);
  assert.deepEqual(serve('07'), [1, 0, 0]);
  assert.throws(
    () => serve(7),
    (e: unknown) => {
      assert.ok(e instanceof RequestError, String(e));
      assert.deepEqual(e.issues.map((i) => i.field), ['code']);
      assert.equal(e.issues[0].message, `field 'code' is text the model learned as "07": send that text (7 reads as "7", a category it never saw)`);
      return true;
    },
  );
  assert.throws(() => serve(1), /learned as "1\.0": send that text \(1 reads as "1"/);
  assert.deepEqual(serve('1.0'), [0, 1, 0]);
});

test('a JSON number whose own text the model learned, or that it never learned in any spelling, reads as before', () => {
  // '1' and '1.0' both learned: the number 1 (JSON 1 or 1.0) is the category '1'.
  assert.deepEqual(served(['1', '1.0', 'x'])(1), [1, 0, 0]);
  assert.deepEqual(served(['07', 'x'])(8), [0, 0]);
  assert.deepEqual(served(['7', 'x'])(7), [1, 0]);
});

test('a serve default of 7 for text learned as 07 is refused at start, in the same words', () => {
  const { plan, state } = fitted(['07', 'x']);
  assert.deepEqual(serveDefaultProblems(plan, state, { code: 7 }), [`serve default for 'code': field 'code' is text the model learned as "07": send that text (7 reads as "7", a category it never saw)`]);
  assert.deepEqual(serveDefaultProblems(plan, state, { code: '07' }), []);
  assert.deepEqual(serveDefaultProblems(plan, state, { code: 8 }), []);
});
