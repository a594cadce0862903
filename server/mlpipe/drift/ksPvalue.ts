/**
 * The two-sided two-sample KS p-value as SciPy's ks_2samp(method='auto') computes it: exact
 * (lattice-path counting) when both samples have at most 10,000 values, otherwise the one-sample
 * Kolmogorov distribution at n = round(n1 n2 / (n1 + n2)) (SciPy's kstwo.sf). The exact branch
 * follows SciPy's _compute_prob_outside_square and _compute_outer_prob_inside_method step for
 * step, including its fall-back to the asymptotic branch when the counts overflow.
 */
import { kolmogorovSurvival } from './kolmogorov.js';

export const KS_EXACT_MAX_N = 10_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Pr(D_{n,n} >= h / n), by SciPy's Horner-like alternating sum. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h / lcm. */
function outerProbInside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** The exact p-value, or null where SciPy's exact computation fails and it falls back. */
function exactPValue(n1: number, n2: number, d: number): number | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  return Number.isFinite(p) && p >= 0 && p <= 1 ? p : null;
}

/** ks_2samp's p-value for statistic d between samples of n1 and n2 values. */
export function ksPValue(d: number, n1: number, n2: number): number {
  if (!n1 || !n2 || Number.isNaN(d)) return NaN;
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const exact = exactPValue(n1, n2, d);
    if (exact !== null) return exact;
  }
  const en = (n1 * n2) / (n1 + n2);
  return Math.min(Math.max(kolmogorovSurvival(Math.round(en), d), 0), 1);
}
