// Reference profiles and measurements beyond the oracle: JSON round trips, bad input, empty
// sides, and the catalogue as the checker and the language server read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildProfile,
  DRIFT_STATISTIC_INFO,
  DRIFT_STATISTICS,
  defaultTest,
  MAX_SORTED_VALUES,
  measure,
  referenceProfileSchema,
  runTest,
  statisticProblem,
  type MeasuredStatistic,
} from '../../../server/mlpipe/drift/index.js';
import { DRIFT_STATISTICS as BLOCK_DRIFT_STATISTICS } from '../../../server/mlpipe/language/blocks.js';
import { basePipeline, checkText, edit } from '../checker/fixture.js';
import { generate } from './generate.js';

const NUMERIC: MeasuredStatistic[] = ['psi', 'ks', 'ks_pvalue', 'js', 'wasserstein'];
const reference = generate({ seed: 5, n: 3000, dist: 'normal', mean: 0, sd: 1 });
const live = generate({ seed: 6, n: 700, dist: 'normal', mean: 0.4, sd: 1 });

test('a profile survives JSON and the schema, and measures the same afterwards', () => {
  for (const [kind, ref, cur] of [
    ['numeric', reference, live],
    ['categorical', ['a', 'b', 'a', 'c', null, 'a'], ['a', 'd', 'b']],
  ] as const) {
    const profile = buildProfile(ref, kind);
    const back = referenceProfileSchema.parse(JSON.parse(JSON.stringify(profile)));
    assert.deepEqual(back, profile);
    const stats: MeasuredStatistic[] = kind === 'numeric' ? NUMERIC : ['psi', 'js', 'chi2'];
    for (const s of stats) assert.equal(measure(back, cur, s), measure(profile, cur, s), s);
  }
});

test('a profile of huge values keeps a finite mean and std, so it survives JSON', () => {
  // A plain sum overflowed: std Infinity, which JSON writes as null and the schema then refused.
  for (const ref of [generate({ seed: 25, n: 400, dist: 'normal', mean: 0, sd: 1e300 }), generate({ seed: 27, n: 400, dist: 'normal', mean: 1.5e307, sd: 2e306 })]) {
    const profile = buildProfile(ref, 'numeric');
    assert.ok(profile.kind === 'numeric' && Number.isFinite(profile.mean) && Number.isFinite(profile.std) && profile.std > 0);
    const back = referenceProfileSchema.parse(JSON.parse(JSON.stringify(profile)));
    assert.equal(measure(back, ref, 'wasserstein'), 0);
  }
});

test('quantile edges across values beyond 8.9e307 stay finite and in order', () => {
  // NumPy's b - a overflows there: its edges of [-1e308, 1e308] are inf, inf, inf, inf, -inf, ...
  const profile = buildProfile([-1e308, 1e308], 'numeric');
  assert.ok(profile.kind === 'numeric');
  assert.ok(profile.edges.every((e, i) => Number.isFinite(e) && (i === 0 || profile.edges[i - 1]! <= e)), String(profile.edges));
  assert.deepEqual(profile.binCounts, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(measure(referenceProfileSchema.parse(JSON.parse(JSON.stringify(profile))), [0], 'psi'), measure(profile, [0], 'psi'));
});

test('the schema rejects a damaged profile instead of measuring with it', () => {
  const profile = buildProfile(reference, 'numeric') as unknown as Record<string, unknown>;
  for (const damaged of [
    { ...profile, kind: 'text' },
    { ...profile, sorted: (profile.sorted as number[]).slice(1) },
    { ...profile, binCounts: [1, 2] },
    { ...profile, std: -1 },
    { kind: 'categorical', count: 2, missing: 0, categories: ['a'], counts: [1, 1] },
  ])
    assert.equal(referenceProfileSchema.safeParse(damaged).success, false, JSON.stringify(damaged).slice(0, 80));
});

test('missing values are ignored on both sides; a string in a numeric target is a one-line error', () => {
  const withGaps = [...reference, null, NaN, undefined, null];
  assert.deepEqual(buildProfile(withGaps, 'numeric'), { ...buildProfile(reference, 'numeric'), missing: 4 });
  const p = buildProfile(reference, 'numeric');
  assert.equal(measure(p, [...live, null, NaN], 'ks'), measure(p, live, 'ks'));
  assert.throws(() => measure(p, [1, 'x', 2], 'ks'), (e: Error) => /a numeric drift target got "x"/.test(e.message) && !e.message.includes('\n'));
  assert.throws(() => buildProfile([1, '2'], 'numeric'), /not a number/);
});

test('an empty side gives NaN, and NaN is never drift', () => {
  const p = buildProfile(reference, 'numeric');
  for (const s of NUMERIC) assert.ok(Number.isNaN(measure(p, [null, NaN], s)), s);
  assert.deepEqual(runTest(p, [], defaultTest(p)), { value: NaN, drifted: false });
  const empty = buildProfile([null, null], 'numeric');
  assert.equal(empty.count, 0);
  assert.equal(referenceProfileSchema.safeParse(JSON.parse(JSON.stringify(empty))).success, true);
  for (const s of NUMERIC) assert.ok(Number.isNaN(measure(empty, live, s)), s);
  const none = buildProfile([], 'categorical');
  assert.ok(Number.isNaN(measure(none, ['a'], 'js')));
});

test('a statistic the target cannot take is a clear error', () => {
  const c = buildProfile(['a', 'b'], 'categorical');
  assert.throws(() => measure(c, ['a'], 'ks'), /'ks' measures numeric values, and 'the target' is categorical: use 'psi', 'js', 'chi2'/);
  assert.throws(() => measure(c, ['a'], 'wasserstein'), /'wasserstein' measures numeric values/);
  assert.throws(() => measure(buildProfile(reference, 'numeric'), live, 'chi2'), /'chi2' compares categories.*more than 100 distinct values/);
  // Said beforehand, in the same words, so serving can refuse such a line at start.
  assert.equal(statisticProblem(c, 'ks', 'plan'), "'ks' measures numeric values, and 'plan' is categorical: use 'psi', 'js', 'chi2'");
  assert.match(statisticProblem(buildProfile(reference, 'numeric'), 'chi2', 'spend') ?? '', /'chi2' compares categories, and 'spend' has more than 100 distinct values/);
  for (const s of ['psi', 'js', 'chi2'] as const) assert.equal(statisticProblem(c, s, 'plan'), undefined);
  for (const s of ['psi', 'js', 'ks', 'wasserstein'] as const) assert.equal(statisticProblem(buildProfile(reference, 'numeric'), s, 'spend'), undefined);
  assert.ok(measure(buildProfile([1, 2, 2, 3], 'numeric'), [1, 2, 3, 3], 'chi2') > 0.05);
});

test('numbers and booleans as categories are keyed by their text', () => {
  const p = buildProfile([1, 2, 2, true, 'x'], 'categorical');
  assert.deepEqual(p.kind === 'categorical' && p.categories, ['1', '2', 'true', 'x']);
  assert.equal(measure(p, ['2', 2, 1, 'true', 'x'], 'psi'), measure(p, [2, 2, 1, true, 'x'], 'psi'));
});

test('the drift target of shifted traffic is flagged and the unshifted one is not', () => {
  const p = buildProfile(reference, 'numeric');
  const same = generate({ seed: 7, n: 700, dist: 'normal', mean: 0, sd: 1 });
  for (const [test, drifted] of [
    [defaultTest(p), true],
    [{ statistic: 'psi', op: '>', threshold: 0.1 }, true],
    [{ statistic: 'ks_pvalue', op: '<', threshold: 0.05 }, true],
  ] as const) {
    assert.equal(runTest(p, live, test).drifted, drifted, `${test.statistic} on shifted`);
    assert.equal(runTest(p, same, test).drifted, false, `${test.statistic} on unshifted`);
  }
});

test('the checker, hover and completion read the drift catalogue', () => {
  assert.deepEqual(Object.keys(BLOCK_DRIFT_STATISTICS), [...DRIFT_STATISTICS]);
  for (const s of DRIFT_STATISTICS) assert.equal(BLOCK_DRIFT_STATISTICS[s], DRIFT_STATISTIC_INFO[s].description);
  const base = basePipeline();
  const line = /drift (\w+) psi/.exec(base);
  assert.ok(line, 'the base pipeline has a drift line');
  const invalid = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value');
  // Each statistic pointing the way it drifts (a p-value downwards), as the catalogue says.
  for (const s of DRIFT_STATISTICS)
    assert.deepEqual(invalid(edit(base, `drift ${line[1]} psi > 0.2`, `drift ${line[1]} ${s} ${DRIFT_STATISTIC_INFO[s].drifted === 'high' ? '>' : '<'} 0.2`)), [], s);
  const bad = invalid(edit(base, `drift ${line[1]} psi`, `drift ${line[1]} kl`));
  assert.equal(bad.length, 1);
  for (const s of DRIFT_STATISTICS) assert.ok(bad[0]!.message.includes(s), bad[0]!.message);
});

test('a reference beyond MAX_SORTED_VALUES keeps that many order statistics, and measures as the whole one to within their spacing', () => {
  const big = generate({ seed: 7, n: 250_001, dist: 'normal', mean: 0, sd: 1 });
  const window = generate({ seed: 8, n: 500, dist: 'normal', mean: 0.3, sd: 1 });
  const kept = buildProfile(big, 'numeric');
  const whole = buildProfile(big, 'numeric', Infinity);
  if (kept.kind !== 'numeric' || whole.kind !== 'numeric') throw new Error('numeric profiles expected');
  assert.equal(kept.sorted.length, MAX_SORTED_VALUES);
  assert.equal(kept.count, 250_001, 'the KS p-value still counts every value');
  assert.equal(kept.sorted[0], whole.sorted[0]);
  assert.equal(kept.sorted.at(-1), whole.sorted.at(-1));
  assert.deepEqual([kept.edges, kept.binCounts, kept.mean, kept.std], [whole.edges, whole.binCounts, whole.mean, whole.std], 'the bins and moments read every value');
  // Both shapes read back: the kept one, and one saved whole by an earlier build.
  for (const p of [kept, whole]) assert.ok(referenceProfileSchema.safeParse(JSON.parse(JSON.stringify(p))).success);
  for (const s of ['ks', 'ks_pvalue', 'wasserstein', 'psi'] as const) {
    const a = measure(kept, window, s);
    const b = measure(whole, window, s);
    assert.ok(Math.abs(a - b) <= 2 / MAX_SORTED_VALUES + 1e-4 * Math.abs(b), `${s}: ${a} against ${b}`);
  }
  // At the limit or under it, every value is kept: the oracle's exact values hold.
  const small = buildProfile(big.slice(0, MAX_SORTED_VALUES), 'numeric');
  assert.equal(small.kind === 'numeric' && small.sorted.length, MAX_SORTED_VALUES);
});

test("the default test's boundaries, as the spec writes them: 1,000 reference values or fewer, more than 5 distinct", () => {
  const values = (n: number, distinct: number) => Array.from({ length: n }, (_, i) => i % distinct);
  const pick = (n: number, distinct: number, kind: 'numeric' | 'categorical' = 'numeric') => defaultTest(buildProfile(values(n, distinct), kind));
  assert.deepEqual(pick(1000, 6), { statistic: 'ks_pvalue', op: '<', threshold: 0.05 });
  assert.deepEqual(pick(1000, 5), { statistic: 'chi2', op: '<', threshold: 0.05 });
  assert.deepEqual(pick(1000, 6, 'categorical'), { statistic: 'chi2', op: '<', threshold: 0.05 });
  assert.deepEqual(pick(1001, 6), { statistic: 'wasserstein', op: '>=', threshold: 0.1 });
  assert.deepEqual(pick(1001, 5), { statistic: 'wasserstein', op: '>=', threshold: 0.1 });
  assert.deepEqual(pick(1001, 6, 'categorical'), { statistic: 'js', op: '>=', threshold: 0.1 });
  // Counted over the present values: missing ones do not make a small reference large.
  assert.deepEqual(defaultTest(buildProfile([...values(1000, 6), null, NaN], 'numeric')), { statistic: 'ks_pvalue', op: '<', threshold: 0.05 });
});

test('a constant or top-tied reference: a window above it drifts as one below it does (psi, js), through JSON', () => {
  // The top bin [max, ∞) held the tied maximum and every larger value alike: a constant training
  // column whose live values rose read psi 0 and js 0, and fell read 18.4 and 0.83.
  const both = (ref: number[], up: number[], down: number[]) => {
    const profile = referenceProfileSchema.parse(JSON.parse(JSON.stringify(buildProfile(ref, 'numeric'))));
    for (const s of ['psi', 'js'] as const) {
      const above = measure(profile, up, s);
      assert.ok(above > 0.5, `${s} above ${ref[ref.length - 1]}: ${above}`);
      assert.ok(Math.abs(above - measure(profile, down, s)) < 1e-12, `${s} is the same above and below`);
      assert.equal(measure(profile, ref, s), 0, `${s} of the reference itself`);
    }
  };
  both(new Array(400).fill(0), new Array(100).fill(5), new Array(100).fill(-5));
  both(new Array(400).fill(-0), new Array(100).fill(Number.MIN_VALUE), new Array(100).fill(-Number.MIN_VALUE));
  both(new Array(400).fill(-3), new Array(100).fill(-2.9999999999999996), new Array(100).fill(-3.0000000000000004));
  both(new Array(400).fill(1e308), new Array(100).fill(Number.MAX_VALUE), new Array(100).fill(-1e308));
  // A capped feature (a quarter of the reference at its cap of 1) whose live values pass the cap.
  const capped = [...Array.from({ length: 300 }, (_, i) => i / 300), ...new Array(100).fill(1)];
  const profile = buildProfile(capped, 'numeric');
  const past = [...Array.from({ length: 75 }, (_, i) => i / 75), ...new Array(25).fill(9)];
  assert.ok(measure(profile, past, 'psi') > 1, 'values past the cap are drift');
  assert.ok(measure(profile, [...Array.from({ length: 75 }, (_, i) => i / 75), ...new Array(25).fill(1)], 'psi') < 0.1, 'values at the cap are not');
});
