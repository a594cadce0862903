import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rowJson } from '../../../server/backend/serve/rowJson.js';

test('a logged row reads back as sent, -0 included; rows without one are JSON.stringify\'s text', () => {
  for (const row of [{ a: 1, b: 'x', c: null, d: true }, [1, 'x', null, false], {}, [], { '-0': '-0', n: 0 }]) assert.equal(rowJson(row), JSON.stringify(row));
  assert.equal(rowJson({ a: -0, b: 'x' }), '{"a":-0,"b":"x"}');
  assert.equal(rowJson([-0, 0, 'q"uote', null, -1.5]), '[-0,0,"q\\"uote",null,-1.5]');
  for (const row of [{ a: -0, 'k"ey': 'ü\n', c: null, d: false, e: 1e300 }, [-0, -0, 'x']]) {
    const back: unknown = JSON.parse(rowJson(row));
    assert.deepEqual(back, row);
    assert.ok(Object.is(Array.isArray(back) ? back[0] : (back as { a: number }).a, -0));
  }
});
