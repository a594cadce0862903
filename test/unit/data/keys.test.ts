import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinKey } from '../../../server/mlpipe/data/keys.js';

test('joinKey: a cell\'s own canonical key, whatever its column\'s type', () => {
  const cases: Array<[number | string | null, string | null]> = [
    [434, '434'],
    ['00434', '434'],
    ['434', '434'],
    ['434.0', '434'],
    ['4.34e2', '434'],
    ['-007', '-7'],
    ['-0', '0'],
    ['0.50', '0.5'],
    [0.5, '0.5'],
    ['X1', 'X1'],
    [' 434', ' 434'],
    ['C00434', 'C00434'],
    ['1e400', '1e400'],
    // Integers beyond 2^53 keep their digits: two text IDs never become one double.
    ['12345678901234567890', '12345678901234567890'],
    ['012345678901234567891', '12345678901234567891'],
    [null, null],
    [NaN, null],
    ['', null],
    ['NA', null],
  ];
  for (const [v, want] of cases) assert.equal(joinKey(v), want, JSON.stringify(v));
});
