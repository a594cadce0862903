// Every drift statistic against NumPy and SciPy (test/fixtures/drift/make_oracle.py wrote the
// values; the samples are regenerated here by the same generator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildProfile, defaultTest, measure, runTest, summarize, type MeasuredStatistic } from '../../../server/mlpipe/drift/index.js';
import { liveBins, sortedValues } from '../../../server/mlpipe/drift/current.js';
import { checksum, generate, type SampleSpec } from './generate.js';

interface OracleCase {
  name: string;
  kind: 'numeric' | 'categorical';
  reference: SampleSpec;
  current: SampleSpec;
  checks: { reference?: number; current?: number; first: (number | string | null)[] };
  profile: Record<string, unknown>;
  currentBins: number[];
  expected: Partial<Record<MeasuredStatistic, number | null>>;
  defaultTest: { statistic: MeasuredStatistic; op: '<' | '<=' | '>' | '>='; threshold: number; value: number | null; drifted: boolean };
}

const oracle = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/drift/oracle.json'), 'utf8')) as {
  scipy: string;
  numpy: string;
  cases: OracleCase[];
};

/** Relative 1e-9 for closed forms; the KS p-value is held to SciPy within 1e-6 (absolute, or relative when tiny). */
function close(statistic: string, got: number, want: number): boolean {
  if (statistic === 'ks_pvalue' || statistic === 'chi2') return Math.abs(got - want) <= 1e-6 * Math.max(Math.min(1, want * 1e3), Math.abs(want)) || Math.abs(got - want) <= 1e-12;
  return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
}

for (const c of oracle.cases) {
  test(`SciPy ${oracle.scipy}: ${c.name}`, () => {
    const reference = generate(c.reference);
    const current = generate(c.current);
    assert.deepEqual(reference.slice(0, 3), c.checks.first, 'the generator agrees with the oracle script');
    if (c.checks.reference !== undefined) assert.equal(checksum(reference), c.checks.reference);
    if (c.checks.current !== undefined) assert.equal(checksum(current), c.checks.current);

    const profile = buildProfile(reference, c.kind);
    for (const [key, want] of Object.entries(c.profile)) {
      const got = (profile as unknown as Record<string, unknown>)[key];
      if (typeof want === 'number') assert.ok(Math.abs((got as number) - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${key}: expected ${want}, got ${got}`);
      else assert.deepEqual(got, want, key);
    }
    // Binary search into the edges (unsorted window) and walking them (sorted window) agree with NumPy.
    assert.deepEqual(liveBins(profile, summarize(profile, current)), c.currentBins, 'live counts per reference bin');
    if (c.kind === 'numeric') {
      const sortedFirst = summarize(profile, current);
      sortedValues(sortedFirst);
      assert.deepEqual(liveBins(profile, sortedFirst), c.currentBins, 'live counts per reference bin, sorted window');
    }

    for (const [statistic, want] of Object.entries(c.expected)) {
      const got = measure(profile, current, statistic as MeasuredStatistic);
      if (want === null) assert.ok(Number.isNaN(got), `${statistic}: expected NaN, got ${got}`);
      else assert.ok(close(statistic, got, want), `${statistic}: expected ${want}, got ${got} (difference ${got - want})`);
    }

    const chosen = defaultTest(profile);
    const { value, drifted, ...rule } = c.defaultTest;
    assert.deepEqual(chosen, rule, 'default test');
    const result = runTest(profile, current, chosen);
    assert.equal(result.drifted, drifted, `default test ${rule.statistic} = ${result.value}`);
    if (value !== null) assert.ok(close(rule.statistic, result.value, value));
  });
}
