import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfoBuilder } from '../../../server/mlpipe/data/infoBuilder.js';
import { IntegerCollisions, integerCollisionMessage } from '../../../server/mlpipe/data/keys.js';
import { tableOf } from '../../../server/backend/serve/scorer.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';

const ID = 1234567890123456700n;
const ids = (step: bigint, n = 20) => Array.from({ length: n }, (_, i) => (ID + BigInt(i) * step).toString());

function collisionOf(cells: string[]): readonly [string, string] | undefined {
  const c = new IntegerCollisions();
  for (const s of cells) c.add(s, Number(s));
  return c.first;
}

test('integers too long for a double: the first two distinct ones that are one double', () => {
  // Near 1.2e18 doubles are 256 apart: consecutive IDs collide, IDs 1,000 apart do not.
  assert.deepEqual(collisionOf(ids(1n)), ['1234567890123456700', '1234567890123456701']);
  assert.equal(collisionOf(ids(1000n)), undefined);
  assert.equal(collisionOf(['1234567890123456700', '1234567890123456700']), undefined, 'one ID twice is no collision');
  assert.equal(collisionOf(['9007199254740991', '9007199254740990']), undefined, 'safe integers are exact');
  assert.deepEqual(collisionOf(['9007199254740992', '9007199254740993']), ['9007199254740992', '9007199254740993']);
  assert.deepEqual(collisionOf(['-1234567890123456701', '-1234567890123456700']), ['-1234567890123456701', '-1234567890123456700']);
});

test('the loader and the checker\'s facts find the same pair; decimals and text carry none', () => {
  const header = ['id', 'dec', 'text'];
  const rows = ids(1n).map((id, i) => [id, `${id}.5`, `u${id}`, String(i)].slice(0, 3));
  const loaded = tableOf('t', header, rows).columns;
  const info = new InfoBuilder(header);
  for (const r of rows) info.addRow(r);
  const facts = info.finish({ path: '/t.csv' }).columns!;
  const pair = ['1234567890123456700', '1234567890123456701'];
  assert.deepEqual(loaded[0].type === 'integer' && loaded[0].collision, pair);
  assert.deepEqual(facts[0].collision, pair);
  for (const c of [1, 2]) {
    assert.equal((loaded[c] as { collision?: unknown }).collision, undefined);
    assert.equal(facts[c].collision, undefined);
  }
});

test('a window joining on such a key is refused in the checker\'s words, on either side', () => {
  const plan = planOf('feature n = window_count(orders.v, 30d, as_of = snapshot_at)', ['n']);
  const colliding = ids(1n, 4);
  const safe = ['1', '2', '3', '4'];
  const customers = (keys: string[]) => tableOf('customers', ['customer_id', 'snapshot_at'], keys.map((k) => [k, '2025-01-01']));
  const orders = (keys: string[]) => tableOf('orders', ['customer_id', 'ordered_at', 'v'], keys.map((k) => [k, '2024-12-25', '1']));
  const expected = integerCollisionMessage('customer_id', [colliding[0], colliding[1]]);
  for (const [p, h] of [[colliding, safe], [safe, colliding]]) {
    assert.throws(
      () => buildHistoryIndex(plan, { tables: new Map([['customers', customers(p)], ['orders', orders(h)]]) }),
      (e: unknown) => e instanceof PlanError && e.code === 'invalid-value' && e.message === expected,
    );
  }
  assert.doesNotThrow(() => buildHistoryIndex(plan, { tables: new Map([['customers', customers(safe)], ['orders', orders(ids(1000n, 4))]]) }));
});
