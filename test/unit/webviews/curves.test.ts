import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Curve } from '../../../server/protocol/backend.js';
import { alignCurves } from '../../../webviews/common/curves.js';

const curve = (runId: string, values: number[], step0 = 0): Curve => ({ runId, key: 'loss', total: values.length, points: values.map((value, i) => ({ step: step0 + i, value })) });

test('few points: aligned exactly on the union of steps, null where a run has none', () => {
  const { x, ys } = alignCurves([curve('a', [3, 2, 1]), curve('b', [5, NaN], 2)], 100);
  assert.deepEqual(x, [0, 1, 2, 3]);
  assert.deepEqual(ys, [
    [3, 2, 1, null],
    [null, null, 5, null],
  ]);
});

test('more points than columns: one shared grid of min/max buckets, spikes kept, in the order they came', () => {
  const n = 10_000;
  const a = Array.from({ length: n }, (_, i) => 1 / (1 + i));
  a[5_001] = 9; // a one-step spike
  const b = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
  const { x, ys } = alignCurves([curve('a', a), curve('b', b)], 200);
  assert.equal(x.length, 200);
  assert.ok(ys.every((y) => y.length === 200));
  assert.ok(x.every((v, i) => i === 0 || v > x[i - 1]!), 'x ascends');
  assert.equal(Math.max(...(ys[0] as number[])), 9, 'the spike survives');
  assert.equal(ys[0]![0], 1, 'first bucket starts at the first value');
  assert.deepEqual(new Set(ys[1]), new Set([1, -1]), 'both extremes of an oscillation are kept');
  // A decreasing curve: each bucket's max comes before its min.
  for (let k = 0; k < 100; k++) if (k !== 50) assert.ok(ys[0]![2 * k]! >= ys[0]![2 * k + 1]!, `bucket ${k}`);
});

test('many curves on the same few steps stay exact, however many points they hold in all', () => {
  const curves = Array.from({ length: 50 }, (_, k) => curve(`r${k}`, Array.from({ length: 100 }, (_, i) => k + i)));
  const { x, ys } = alignCurves(curves, 200);
  assert.equal(x.length, 100);
  assert.deepEqual(ys[7]!.slice(0, 3), [7, 8, 9]);
});
