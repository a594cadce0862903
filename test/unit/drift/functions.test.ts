// The special functions under the p-values, against SciPy on grids crossing each of its branches
// (test/fixtures/drift/make_oracle.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chi2Survival } from '../../../server/mlpipe/drift/gamma.js';
import { kolmogorovSurvival, smirnov } from '../../../server/mlpipe/drift/kolmogorov.js';

interface Point {
  n?: number;
  k?: number;
  x: number;
  sf: number;
}
const oracle = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/drift/oracle.json'), 'utf8')) as {
  scipy: string;
  functions: { kstwo: Point[]; smirnov: Point[]; chi2: Point[] };
};

/** Within 1e-6 absolutely, and within 1e-6 relatively for values below 1e-3 (small p-values matter too). */
function near(got: number, want: number): boolean {
  const diff = Math.abs(got - want);
  return diff <= 1e-6 && (want >= 1e-3 || diff <= 1e-6 * want || diff < 1e-300);
}

function check(name: string, points: Point[], f: (p: Point) => number): void {
  test(`${name} matches SciPy ${oracle.scipy} at ${points.length} points`, () => {
    const bad = points.map((p) => ({ ...p, got: f(p) })).filter((p) => !near(p.got, p.sf));
    assert.deepEqual(bad, []);
  });
}

check('kstwo.sf', oracle.functions.kstwo, (p) => kolmogorovSurvival(p.n!, p.x));
check('smirnov', oracle.functions.smirnov, (p) => smirnov(p.n!, p.x));
check('chi2.sf', oracle.functions.chi2, (p) => chi2Survival(p.x, p.k!));
