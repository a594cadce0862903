import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mulberry32, shuffleInPlace } from '../../../server/mlpipe/data/prng.js';
import { splitRows, TEST, TRAIN, VALIDATION } from '../../../server/mlpipe/data/split.js';

const oracle = JSON.parse(readFileSync(join(__dirname, '../../fixtures/data/mulberry32.json'), 'utf8')) as {
  cases: Array<{ seed: number; outputs: number[] }>;
};

test('mulberry32 matches an independent Python implementation of the documented algorithm', () => {
  assert.ok(oracle.cases.length >= 5);
  for (const { seed, outputs } of oracle.cases) {
    const rng = new Mulberry32(seed);
    assert.deepEqual(outputs.map(() => rng.next()), outputs, `seed ${seed}`);
  }
});

test('float is in [0, 1), int in [0, n), and a shuffle is a permutation', () => {
  const rng = new Mulberry32(9);
  for (let i = 0; i < 10000; i++) {
    const f = rng.float();
    assert.ok(f >= 0 && f < 1);
    const k = rng.int(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
  const a = shuffleInPlace(Array.from({ length: 100 }, (_, i) => i), new Mulberry32(3));
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(a, Array.from({ length: 100 }, (_, i) => i));
  assert.throws(() => new Mulberry32(1.5), /integer/);
});

function counts(a: Uint8Array): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const v of a) c[v as 0 | 1 | 2]++;
  return c;
}

test('random split: same seed same split, shares within one row, different seeds differ', () => {
  const a = splitRows({ rowCount: 1001, test: 0.2, validation: 0.1, seed: 42 });
  const b = splitRows({ rowCount: 1001, test: 0.2, validation: 0.1, seed: 42 });
  assert.deepEqual(a.assignment, b.assignment);
  assert.equal(a.seedUsed, 42);
  const [train, test, validation] = counts(a.assignment);
  assert.ok(Math.abs(test - 0.2 * 1001) <= 1);
  assert.ok(Math.abs(validation - 0.1 * 1001) <= 1);
  assert.equal(train + test + validation, 1001);
  const c = splitRows({ rowCount: 1001, test: 0.2, seed: 43 });
  assert.notDeepEqual(c.assignment, splitRows({ rowCount: 1001, test: 0.2, seed: 42 }).assignment);
});

test('random split follows the documented algorithm exactly', () => {
  const perm = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i), new Mulberry32(5));
  const expected = new Uint8Array(50);
  perm.slice(0, 10).forEach((r) => (expected[r] = TEST));
  perm.slice(10, 15).forEach((r) => (expected[r] = VALIDATION));
  assert.deepEqual(splitRows({ rowCount: 50, test: 0.2, validation: 0.1, seed: 5 }).assignment, expected);
});

test('an unseeded split draws a seed and reports it, so it can be replayed', () => {
  const a = splitRows({ rowCount: 500, test: 0.3 });
  assert.equal(typeof a.seedUsed, 'number');
  assert.deepEqual(splitRows({ rowCount: 500, test: 0.3, seed: a.seedUsed! }).assignment, a.assignment);
});

test('group split never puts one key on two sides and stays near the share', () => {
  const keys: string[] = [];
  const rng = new Mulberry32(1);
  for (let i = 0; i < 3000; i++) keys.push(`C${rng.int(700)}`);
  const { assignment } = splitRows({ rowCount: keys.length, test: 0.25, validation: 0.1, seed: 8, by: keys });
  const side = new Map<string, number>();
  keys.forEach((k, i) => {
    const s = side.get(k);
    if (s === undefined) side.set(k, assignment[i]!);
    else assert.equal(assignment[i], s, `key ${k} on two sides`);
  });
  const maxGroup = Math.max(...[...new Set(keys)].map((k) => keys.filter((x) => x === k).length));
  const [, test, validation] = counts(assignment);
  assert.ok(test >= 750 && test < 750 + maxGroup, `test ${test}`);
  assert.ok(validation >= 300 && validation < 300 + maxGroup, `validation ${validation}`);
  assert.deepEqual(splitRows({ rowCount: keys.length, test: 0.25, validation: 0.1, seed: 8, by: keys }).assignment, assignment);
});

test('missing group keys form one group', () => {
  const keys = ['a', null, 'b', null, 'a', null, 'c', 'd'];
  for (let seed = 0; seed < 20; seed++) {
    const { assignment } = splitRows({ rowCount: keys.length, test: 0.3, seed, by: keys });
    assert.equal(assignment[1], assignment[3]);
    assert.equal(assignment[3], assignment[5]);
  }
});

test('time split puts the most recent rows in test and the ones before them in validation', () => {
  const times = Float64Array.from([50, 10, 90, 30, 70, 20, 80, 40, 60, 100]);
  const { assignment, seedUsed } = splitRows({ rowCount: 10, test: 0.2, validation: 0.2, order: 'time', times });
  assert.equal(seedUsed, null);
  assert.deepEqual([...assignment], [TRAIN, TRAIN, TEST, TRAIN, VALIDATION, TRAIN, VALIDATION, TRAIN, TRAIN, TEST]);
});

test('time split with groups keeps groups whole and puts the latest groups in test', () => {
  const times = Float64Array.from([1, 9, 2, 3, 8, 4]);
  const by = ['a', 'b', 'a', 'c', 'b', 'c'];
  const { assignment } = splitRows({ rowCount: 6, test: 0.3, order: 'time', times, by });
  assert.deepEqual([...assignment], [TRAIN, TEST, TRAIN, TRAIN, TEST, TRAIN]);
});

test('bad options are range errors', () => {
  assert.throws(() => splitRows({ rowCount: 10, test: 0 }), RangeError);
  assert.throws(() => splitRows({ rowCount: 10, test: 1 }), RangeError);
  assert.throws(() => splitRows({ rowCount: 10, test: 0.6, validation: 0.4 }), RangeError);
  assert.throws(() => splitRows({ rowCount: 10, test: 0.2, by: ['a'] }), RangeError);
  assert.throws(() => splitRows({ rowCount: 3, test: 0.2, order: 'time' }), RangeError);
});

test('groups kept for a keys array give the splits a fresh array gives, seed after seed and in time order', () => {
  const keys = Array.from({ length: 500 }, (_, i) => (i % 13 === 0 ? null : `k${(i * 7) % 61}`));
  const times = Float64Array.from({ length: 500 }, (_, i) => (i * 37) % 101);
  for (const seed of [42, 0, 1, 2, 3, 42]) {
    const kept = splitRows({ rowCount: 500, test: 0.2, validation: 0.1, seed, by: keys });
    const fresh = splitRows({ rowCount: 500, test: 0.2, validation: 0.1, seed, by: [...keys] });
    assert.deepEqual(kept.assignment, fresh.assignment, `seed ${seed}`);
  }
  const inTime = splitRows({ rowCount: 500, test: 0.2, seed: 1, by: keys, order: 'time', times });
  assert.deepEqual(inTime.assignment, splitRows({ rowCount: 500, test: 0.2, seed: 1, by: [...keys], order: 'time', times }).assignment);
});
