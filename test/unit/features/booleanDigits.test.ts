/**
 * A JSON 0 or 1 (numpy's bools sent as ints, a database's export) for a text field the model
 * learned as the words `false`/`true` (a Parquet BOOLEAN column, a CSV of true/false) read as the
 * text '0'/'1', a category it never saw: scored as the all-zero vector, answered 200 without a
 * word, while `True` or `"true"` in a spelling the vocabulary lacks was refused naming the
 * learned one. 0 and 1, as numbers or as text, are refused alike, by the one rule
 * (`learnedBooleanSpelling`) that /predict, /invocations, `mlpipe score` and the check read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { learnedBooleanSpelling, serveDefaultProblems, transformRow } from '../../../server/mlpipe/features/row.js';
import { planOf, table } from './helpers.js';

function fitted(flags: string[]) {
  const customers = table('customers', {
    customer_id: flags.map((_, i) => `c${i}`),
    snapshot_at: flags.map(() => '2025-01-10'),
    flag: flags,
    churned: flags.map((_, i) => i % 2),
  });
  const plan = planOf('feature f = one_hot(fill_missing(customers.flag, "unknown"))', ['f'], { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  return { plan, state: fitPlan(plan, data, null), history: buildHistoryIndex(plan, data) };
}

function served(flags: string[]) {
  const { plan, state, history } = fitted(flags);
  return (flag: unknown) => [...transformRow(plan, state, { flag } as never, history)];
}

function refusedWith(message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof RequestError, String(e));
    assert.deepEqual(
      e.issues.map((i) => [i.field, i.message]),
      [['flag', message]],
    );
    return true;
  };
}

test('a JSON 0 or 1 for a text field learned as false/true is refused, naming the learned spelling', () => {
  const serve = served(['false', 'true', 'true', 'false']);
  assert.deepEqual(serve(true), [0, 1]);
  assert.deepEqual(serve('false'), [1, 0]);
  assert.throws(() => serve(1), refusedWith(`field 'flag' is text the model learned as "true": send that text (1 reads as "1", a category it never saw)`));
  assert.throws(() => serve(0), refusedWith(`field 'flag' is text the model learned as "false": send that text (0 reads as "0", a category it never saw)`));
  // 1.0 is the JSON number 1; a CSV cell or a JSON string '1' is the same value as text.
  assert.throws(() => serve(1.0), /learned as "true"/);
  assert.throws(() => serve('1'), refusedWith(`field 'flag' is text the model learned as "true": send that text ("1" is another spelling, a category it never saw)`));
  assert.throws(() => serve('0'), /learned as "false"/);
  // Any other number is a category it never saw, as before.
  assert.deepEqual(serve(2), [0, 0]);
  assert.deepEqual(serve('2'), [0, 0]);
});

test("pandas' True/False is named as learned; a vocabulary holding 0/1 itself, or no boolean word, reads 0/1 as categories", () => {
  assert.throws(() => served(['True', 'False'])(1), /learned as "True": send that text \(1 reads as "1"/);
  assert.deepEqual(served(['0', '1', 'true'])(1), [0, 1, 0]);
  assert.deepEqual(served(['0', '1', 'true'])('0'), [1, 0, 0]);
  assert.deepEqual(served(['a', 'b'])(1), [0, 0]);
  // Only the word a digit stands for: '1' against a vocabulary of 'false' alone is a new category.
  assert.deepEqual(served(['false', 'x'])(1), [0, 0]);
  assert.equal(learnedBooleanSpelling('1', new Set(['false', 'x'])), undefined);
  assert.equal(learnedBooleanSpelling('0', new Set(['false', 'x'])), 'false');
});

test('a serve default of 1 for a field learned as false/true is refused at start, in the same words', () => {
  const { plan, state } = fitted(['false', 'true']);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: 1 }), [`serve default for 'flag': field 'flag' is text the model learned as "true": send that text (1 reads as "1", a category it never saw)`]);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: '0' }), [`serve default for 'flag': field 'flag' is text the model learned as "false": send that text ("0" is another spelling, a category it never saw)`]);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: true }), []);
});
