// The merge-based statistics against their definitions, computed the slow way, on random samples
// with many ties; and the bounds every statistic keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildProfile, measure } from '../../../server/mlpipe/drift/index.js';
import { compareSorted } from '../../../server/mlpipe/drift/merge.js';

const sample = fc.array(fc.integer({ min: -20, max: 20 }).map((x) => x / 4), { minLength: 1, maxLength: 60 });
const sorted = (xs: number[]) => Float64Array.from(xs).sort();

/** F(x): the share of values <= x. */
const ecdf = (xs: number[], x: number) => xs.filter((v) => v <= x).length / xs.length;

test('KS D is the largest ECDF gap at any sample point', () => {
  fc.assert(
    fc.property(sample, sample, (a, b) => {
      const want = Math.max(...[...a, ...b].map((x) => Math.abs(ecdf(a, x) - ecdf(b, x))));
      assert.ok(Math.abs(compareSorted(sorted(a), sorted(b)).ks - want) < 1e-12);
    }),
  );
});

test('Wasserstein is the integral of the ECDF gap', () => {
  fc.assert(
    fc.property(sample, sample, (a, b) => {
      const points = [...new Set([...a, ...b])].sort((x, y) => x - y);
      let want = 0;
      for (let i = 0; i + 1 < points.length; i++) want += Math.abs(ecdf(a, points[i]!) - ecdf(b, points[i]!)) * (points[i + 1]! - points[i]!);
      const got = compareSorted(sorted(a), sorted(b));
      assert.ok(Math.abs(got.wasserstein - want) < 1e-9, `${got.wasserstein} vs ${want}`);
      assert.deepEqual(compareSorted(sorted(b), sorted(a)), got);
    }),
  );
});

test('statistics stay in range, and a window equal to the reference shows no drift', () => {
  fc.assert(
    fc.property(sample, sample, (a, b) => {
      const p = buildProfile(a, 'numeric');
      const ks = measure(p, b, 'ks');
      const pv = measure(p, b, 'ks_pvalue');
      const js = measure(p, b, 'js');
      assert.ok(ks >= 0 && ks <= 1 && pv >= 0 && pv <= 1);
      assert.ok(measure(p, b, 'psi') >= 0 && measure(p, b, 'wasserstein') >= 0);
      assert.ok(js >= 0 && js <= Math.sqrt(Math.LN2) + 1e-12);
      for (const s of ['ks', 'psi', 'js', 'wasserstein'] as const) assert.equal(measure(p, a, s), 0, s);
      assert.equal(measure(p, a, 'ks_pvalue'), 1);
    }),
  );
});
