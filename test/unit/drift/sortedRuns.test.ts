// The merge over a reference's runs (its distinct values and running counts, made once) against
// the merge of the two sorted samples value by value, as it was computed before the runs: the
// same KS D and Wasserstein area bit for bit (Object.is), on random references and windows with
// many ties, -0 beside 0, and values outside each other's range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildProfile, measure } from '../../../server/mlpipe/drift/index.js';
import { compareRuns, compareSorted, runsOf, type SortedComparison } from '../../../server/mlpipe/drift/merge.js';
import { referenceRuns } from '../../../server/mlpipe/drift/current.js';
import { normalisedWasserstein } from '../../../server/mlpipe/drift/wasserstein.js';

/** The merge of two sorted samples, one value at a time (the implementation before runs). */
function oracle(a: ArrayLike<number>, b: ArrayLike<number>): SortedComparison {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return { ks: NaN, wasserstein: NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  let area = 0;
  let gap = 0;
  let prev = a[0]! < b[0]! ? a[0]! : b[0]!;
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    area += gap * (x - prev);
    prev = x;
    while (i < n && a[i]! === x) i++;
    while (j < m && b[j]! === x) j++;
    gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return { ks: d, wasserstein: area };
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();
/** Few distinct values (counts, rounded amounts) or many (doubles), -0 among them. */
const value = fc.oneof(fc.integer({ min: -6, max: 6 }).map((x) => (x === 0 ? -0 : x / 2)), fc.constant(0), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const sample = (maxLength: number) => fc.array(value, { maxLength });

test('the merge over the reference runs equals the merge value by value, bit for bit', () => {
  fc.assert(
    fc.property(sample(300), sample(80), (a, b) => {
      const want = oracle(sorted(a), sorted(b));
      assert.deepStrictEqual(compareRuns(runsOf(sorted(a)), sorted(b)), want);
      assert.deepStrictEqual(compareSorted(sorted(a), sorted(b)), want);
      assert.deepStrictEqual(compareSorted(sorted(b), sorted(a)), oracle(sorted(b), sorted(a)));
    }),
    { numRuns: 500 },
  );
});

test('KS and Wasserstein of a profile read its runs, made once, and equal the value-by-value merge', () => {
  fc.assert(
    fc.property(sample(300).filter((a) => a.length > 0), fc.array(sample(60), { minLength: 1, maxLength: 4 }), (reference, windows) => {
      const profile = buildProfile(reference, 'numeric');
      if (profile.kind !== 'numeric') throw new Error('numeric');
      const runs = referenceRuns(profile);
      for (const w of windows) {
        const want = oracle(profile.sorted, sorted(w));
        assert.ok(Object.is(measure(profile, w, 'ks'), want.ks));
        assert.ok(Object.is(measure(profile, w, 'wasserstein'), normalisedWasserstein(want.wasserstein, profile.std)));
      }
      assert.equal(referenceRuns(profile), runs, 'made once per profile');
    }),
    { numRuns: 200 },
  );
});
