import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv1a32, hashBucket } from '../../../server/mlpipe/features/hash.js';
import {
  arithmetic,
  bucketIndex,
  clipValue,
  log1pValue,
  minMaxValue,
  standardizeValue,
} from '../../../server/mlpipe/features/kernels.js';
import { meanStd, minMax, quantileEdges, sortVocabulary } from '../../../server/mlpipe/features/statistics.js';

const oracle = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'numpy_oracle.json'), 'utf8')) as {
  cases: Array<{ values: number[]; n: number; edges: number[]; probe: number[]; digitize: number[]; mean: number; std: number }>;
};

/** FNV-1a straight from its definition over TextEncoder's bytes. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h = (h ^ b) >>> 0;
    h = Number((BigInt(h) * 16777619n) % 4294967296n);
  }
  return h;
}

test('fnv1a32 matches the published test vectors', () => {
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('fnv1a32 hashes the UTF-8 bytes, including multi-byte and astral characters and lone surrogates', () => {
  for (const s of ['premium', 'é', 'Zürich', '東京', '😀 plan', '\ud800x', 'a\udc00', String.fromCharCode(0x7ff, 0x800, 0xffff)]) {
    assert.equal(fnv1a32(s), referenceFnv(s), s);
  }
  assert.equal(hashBucket('foobar', 10), 0xbf9cf968 % 10);
});

test('bucketIndex counts edges <= x, like numpy.digitize(right=False), on the numpy oracle', () => {
  for (const c of oracle.cases) {
    const edges = Float64Array.from(c.edges);
    assert.deepEqual(c.probe.map((x) => bucketIndex(edges, x)), c.digitize);
  }
  assert.ok(Number.isNaN(bucketIndex(Float64Array.from([1, 2]), NaN)));
  assert.equal(bucketIndex(new Float64Array(0), 5), 0);
});

test('quantile edges, mean and population std agree with numpy', () => {
  for (const c of oracle.cases) {
    const values = Float64Array.from(c.values);
    const edges = quantileEdges(values, c.n);
    assert.equal(edges.length, c.edges.length, `n=${c.n} size=${c.values.length}`);
    edges.forEach((e, i) => assert.ok(Math.abs(e - c.edges[i]) <= 1e-9 * Math.max(1, Math.abs(e)), `${e} vs ${c.edges[i]}`));
    const s = meanStd(values);
    assert.ok(Math.abs(s.mean - c.mean) <= 1e-9 * Math.abs(c.mean));
    // numpy's std is 0 for one value; the engine guards it to 1.
    if (c.std > 0) assert.ok(Math.abs(s.std - c.std) <= 1e-9 * c.std);
    else assert.equal(s.std, 1);
  }
});

test('degenerate statistics keep outputs finite', () => {
  assert.deepEqual(meanStd(new Float64Array(0)), { mean: 0, std: 1 });
  assert.deepEqual(meanStd(Float64Array.from([4, 4, 4])), { mean: 4, std: 1 });
  assert.deepEqual(minMax(new Float64Array(0)), { min: 0, max: 1 });
  assert.deepEqual(quantileEdges(new Float64Array(0), 4), []);
  assert.deepEqual(quantileEdges(Float64Array.from([3, 3, 3]), 4), [3]);
});

// Values beyond 1e154 square to an infinity, and thousands near 1e305 sum to one: the std fell
// back to 1, so standardize(x) was x - mean (1e298 for a column of values up to 1e300), which
// the run then refused as beyond float32's range, telling the user to clip a column whose
// standardized values lie within ±1.7. The drift reference's moments scale the same way.
test('meanStd of values near the limit of doubles is their mean and std, not the fallback', () => {
  const values = Float64Array.from({ length: 2400 }, (_, i) => ((i % 10) + 0.5) * 1e307 / 10 - 5e306);
  const s = meanStd(values);
  assert.ok(Math.abs(s.mean - 0) <= 1e-9 * 1e306, `mean ${s.mean}`);
  const want = Math.sqrt(8.25) * 1e306; // population std of 0.5 … 9.5 in steps of 1, times 1e306
  assert.ok(Math.abs(s.std - want) <= 1e-9 * want, `std ${s.std}, want ${want}`);
  const big = meanStd(Float64Array.from([1e300, 3e300]));
  assert.ok(Math.abs(big.mean - 2e300) <= 1e-12 * 2e300 && Math.abs(big.std - 1e300) <= 1e-12 * 1e300, JSON.stringify(big));
  // Ordinary values are computed exactly as before (the scaled pass runs only on an overflow).
  assert.deepEqual(meanStd(Float64Array.from([1, 2, 3, 4])), { mean: 2.5, std: Math.sqrt(1.25) });
});

test('scalar kernels: missing in, missing out; non-finite results are missing', () => {
  assert.equal(standardizeValue(5, 3, 2), 1);
  assert.ok(Number.isNaN(standardizeValue(NaN, 3, 2)));
  assert.equal(minMaxValue(7, 2, 10), 0.5);
  assert.equal(log1pValue(0), 0);
  assert.ok(Number.isNaN(log1pValue(-1)));
  assert.ok(Number.isNaN(log1pValue(-2)));
  assert.equal(clipValue(-5, 0, 1), 0);
  assert.equal(clipValue(5, 0, 1), 1);
  assert.ok(Number.isNaN(clipValue(NaN, 0, 1)));
  assert.equal(arithmetic('/', 6, 3), 2);
  assert.ok(Number.isNaN(arithmetic('/', 1, 0)));
  assert.ok(Number.isNaN(arithmetic('/', 0, 0)));
  assert.ok(Number.isNaN(arithmetic('*', 1e308, 10)));
  assert.equal(arithmetic('-', 1, 3), -2);
});

test('vocabularies sort numerically for numbers and by code units for text', () => {
  assert.deepEqual(sortVocabulary([10, 2, 1]), [1, 2, 10]);
  assert.deepEqual(sortVocabulary(['b', 'B', 'a', 'é']), ['B', 'a', 'b', 'é']);
});
