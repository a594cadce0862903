/**
 * A request is a JSON object, so a field named like a property every object inherits
 * ('constructor', 'toString') was read from the prototype when the request did not send it: a
 * function, refused as "field 'constructor' must be a string" instead of "is missing", and
 * `/metadata` listed the field as optional (a serve default looked up the same way). Only the
 * request's and the defaults' own fields count.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { transformRow } from '../../../server/mlpipe/features/row.js';
import { planOf, table } from './helpers.js';

test("a request without a field named 'constructor' is refused as missing, not as a function", () => {
  const customers = table('customers', {
    customer_id: ['a', 'b', 'c', 'd'],
    snapshot_at: ['2025-01-10', '2025-01-10', '2025-01-10', '2025-01-10'],
    constructor: ['x', 'y', 'x', 'y'],
    churned: [0, 1, 0, 1],
  });
  const plan = planOf('feature f = one_hot(customers.constructor)', ['f'], { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  const state = fitPlan(plan, data, null);
  const history = buildHistoryIndex(plan, data);
  assert.deepEqual([...transformRow(plan, state, { constructor: 'y' } as never, history)], [0, 1]);
  assert.throws(
    () => transformRow(plan, state, {} as never, history),
    (e: unknown) => {
      assert.ok(e instanceof RequestError, String(e));
      assert.deepEqual(e.issues.map((i) => i.message), ["field 'constructor' is missing (read by 'f'; no fill_missing or serve default covers it)"]);
      return true;
    },
  );
});
