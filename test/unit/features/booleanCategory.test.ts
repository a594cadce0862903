/**
 * A JSON boolean for a text field reads as the text 'true'/'false'. Training data written by
 * pandas or a spreadsheet spells booleans 'True'/'False' (or 'TRUE'), so a client sending a
 * record with `"flag": true` got an unseen category: the all-zero one-hot vector, a different
 * prediction, and no word. Such a value is refused, naming the spelling the model learned.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { transformRow } from '../../../server/mlpipe/features/row.js';
import { planOf, table } from './helpers.js';

function served(flags: string[]) {
  const customers = table('customers', {
    customer_id: flags.map((_, i) => `c${i}`),
    snapshot_at: flags.map(() => '2025-01-10'),
    flag: flags,
    churned: flags.map((_, i) => i % 2),
  });
  const plan = planOf('feature f = one_hot(fill_missing(customers.flag, "unknown"))', ['f'], { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  const state = fitPlan(plan, data, null);
  const history = buildHistoryIndex(plan, data);
  return (flag: unknown) => [...transformRow(plan, state, { flag } as never, history)];
}

test('a JSON boolean for text the model learned as True/False is refused, naming the spelling', () => {
  const serve = served(['True', 'False', 'True', 'False']);
  assert.deepEqual(serve('True'), [0, 1]);
  assert.throws(
    () => serve(true),
    (e: unknown) => {
      assert.ok(e instanceof RequestError, String(e));
      assert.deepEqual(e.issues.map((i) => i.field), ['flag']);
      assert.equal(e.issues[0].message, `field 'flag' is text the model learned as "True": send that text (true reads as "true", a category it never saw)`);
      return true;
    },
  );
  assert.throws(() => serve(false), /learned as "False"/);
});

test('a JSON boolean for text the model learned as true/false, or that it never learned either way, reads as before', () => {
  assert.deepEqual(served(['true', 'false', 'true'])(true), [0, 1]);
  assert.deepEqual(served(['yes', 'no'])(true), [0, 0]);
});

test('a serve default of true for text learned as True is refused at start, in the same words', async () => {
  const { serveDefaultProblems } = await import('../../../server/mlpipe/features/row.js');
  const customers = table('customers', { customer_id: ['a', 'b'], snapshot_at: ['2025-01-10', '2025-01-10'], flag: ['True', 'False'], churned: [0, 1] });
  const plan = planOf('feature f = one_hot(fill_missing(customers.flag, "unknown"))', ['f'], { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' }, {});
  const state = fitPlan(plan, { tables: new Map([['customers', customers]]) }, null);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: true }), [`serve default for 'flag': field 'flag' is text the model learned as "True": send that text (true reads as "true", a category it never saw)`]);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: 'True' }), []);
  // The text in another spelling too, as a request sending it is refused: it filled 'true', an unseen category, without a word.
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: 'true' }), [`serve default for 'flag': field 'flag' is text the model learned as "True": send that text ("true" is another spelling, a category it never saw)`]);
  assert.deepEqual(serveDefaultProblems(plan, state, { flag: 'FALSE' }), [`serve default for 'flag': field 'flag' is text the model learned as "False": send that text ("FALSE" is another spelling, a category it never saw)`]);
});

test("a boolean word as text in another spelling ('true' from Polars, DuckDB or a Parquet BOOLEAN) is refused too, naming the learned one", () => {
  const serve = served(['True', 'False', 'True', 'False']);
  assert.throws(
    () => serve('true'),
    (e: unknown) => {
      assert.ok(e instanceof RequestError, String(e));
      assert.equal(e.issues[0].message, `field 'flag' is text the model learned as "True": send that text ("true" is another spelling, a category it never saw)`);
      return true;
    },
  );
  assert.throws(() => serve('FALSE'), /learned as "False"/);
  // Other text is a category like any other: unseen ones read as the all-zero vector.
  assert.deepEqual(serve('maybe'), [0, 0]);
  assert.deepEqual(served(['true', 'false'])('true'), [0, 1]);
});
