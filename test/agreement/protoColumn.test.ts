/**
 * A column called '__proto__' (an identifier like any other, so a CSV header may hold it): the
 * check is clean, so the engine fits and transforms it. Its entry in the fitted state was made
 * by assignment, which on a plain object sets the prototype instead: the column fell out of the
 * state and the run refused the feature as an unknown column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { transformBatch } from '../../server/mlpipe/features/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { runEngine, tablesOf } from './engine.js';

export const PROTO_PIPELINE = `pipeline proto

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature a = hash_bucket(t.__proto__, 8)
feature b = fill_missing(t.__proto__, 0)

model m {
  kind   = logistic
  inputs = [a, b]
  epochs = 3
  seed   = 1
}
`;

export const PROTO_CSV = ['id,__proto__,y', ...Array.from({ length: 40 }, (_, i) => `k${i},${(i * 7) % 11},${i % 2}`)].join('\n') + '\n';

describe("a column called '__proto__'", () => {
  it('is clean in the check, and the engine fits it, keeps it in the fitted state and transforms it', () => {
    const files = { 't.csv': PROTO_CSV };
    const a = analyze(PROTO_PIPELINE, memoryHost(files));
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const tables = tablesOf(a.binding, files);
    const engine = runEngine(a.binding, tables);
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.ok(Object.hasOwn(engine.state.columns, '__proto__'), 'the column is in the fitted state');
    assert.equal(engine.state.columns['__proto__'], 'number');
    assert.equal(JSON.parse(JSON.stringify(engine.state)).columns['__proto__'], 'number', 'and in its JSON');
    const batch = transformBatch(engine.plan, engine.state, { tables });
    assert.equal(batch.x[batch.width * 3 + batch.width - 1], (3 * 7) % 11, "row 4's 'b' is its cell");
  });
});
