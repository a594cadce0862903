import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { downsampleMinMax } from '../../../server/backend/rpc/downsample.js';

const curve = (values: number[]) => values.map((value, step) => ({ step, value }));

test('short curves come back whole', () => {
  const c = curve([3, 1, 2]);
  assert.deepEqual(downsampleMinMax(c, 2), c);
});

test('a one-point spike survives downsampling', () => {
  const values = Array.from({ length: 10_000 }, (_, i) => 1 / (1 + i));
  values[7_321] = 50;
  const out = downsampleMinMax(curve(values), 100);
  assert.ok(out.length <= 200);
  assert.ok(out.some((p) => p.step === 7_321 && p.value === 50));
});

test('NaN points are kept, once per bucket', () => {
  const values = Array.from({ length: 100 }, (_, i) => (i >= 60 ? NaN : i));
  const out = downsampleMinMax(curve(values), 10);
  assert.ok(out.some((p) => Number.isNaN(p.value)));
  assert.ok(out.filter((p) => Number.isNaN(p.value)).length <= 4);
});

test('bad bucket counts are refused', () => {
  assert.throws(() => downsampleMinMax(curve([1]), 0), /buckets must be >= 1/);
});

test('property: at most 2 points per bucket, in step order, each bucket keeping its extremes', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (values, buckets) => {
      const out = downsampleMinMax(curve(values), buckets);
      assert.ok(out.length <= Math.max(values.length <= 2 * buckets ? values.length : 0, 2 * buckets));
      for (let i = 1; i < out.length; i++) assert.ok(out[i].step > out[i - 1].step);
      assert.equal(Math.min(...out.map((p) => p.value)), Math.min(...values));
      assert.equal(Math.max(...out.map((p) => p.value)), Math.max(...values));
    }),
  );
});
