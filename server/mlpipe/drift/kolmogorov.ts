/**
 * The survival function of the one-sample two-sided Kolmogorov statistic D_n, as SciPy's
 * kstwo.sf (scipy/stats/_ksstats.py, after Simard and L'Ecuyer 2011) chooses its method:
 * Ruben-Gambino at the ends, twice Smirnov's one-sided tail where the two tails cannot overlap,
 * the Durbin matrix (Marsaglia-Tsang-Wang) for small n x^1.5, Pelz-Good otherwise. Pomeranz's
 * method, which SciPy uses for n <= 140 and 0.754693 < n x^2 <= 4, is replaced here by the
 * Durbin matrix: both are exact, so they agree to rounding.
 */
import { logGamma } from './gamma.js';

const PI2 = Math.PI ** 2;
const PI4 = PI2 ** 2;
const PI6 = PI2 ** 3;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;
const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;

function clip(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}

/** log(n! / n^n), by the Stirling series SciPy uses above n = 140 (exact below). */
function logFactorialOverPower(n: number): number {
  if (n <= 140) {
    let s = 0;
    for (let i = 1; i <= n; i++) s += Math.log(i / n);
    return s;
  }
  return -n + 0.5 * Math.log(2 * Math.PI * n) + (1 / n) * (1 / 12 - (1 / n / n) * (1 / 360 - (1 / n / n) * (1 / 1260 - 1 / 1680 / n / n)));
}

/**
 * Smirnov's one-sided tail P(D_n^+ >= x), exactly, by the Birnbaum-Tingey sum
 * x * sum_{j=0}^{floor(n(1-x))} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1), in logs.
 */
export function smirnov(n: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x >= 1) return 0;
  const lgn = logGamma(n + 1);
  const last = Math.floor(n * (1 - x) + 1e-9 * n);
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const rest = 1 - x - j / n;
    if (rest <= 0) break;
    const logTerm = lgn - logGamma(j + 1) - logGamma(n - j + 1) + (n - j) * Math.log(rest) + (j - 1) * Math.log(x + j / n);
    sum += Math.exp(logTerm);
  }
  return clip(x * sum);
}

/** Pr(D_n <= d) by the Durbin matrix, as SciPy's _kolmogn_DMTW. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1]! *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      P = matmul(P, H, m);
      expnt += hExpnt;
    }
    H = matmul(H, H, m);
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > EP128) {
      for (let i = 0; i < H.length; i++) H[i]! /= EP128;
      hExpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  return expnt !== 0 ? p * 2 ** expnt : p;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  return out;
}

/** The Pelz-Good asymptotic series for Pr(D_n > x), as SciPy's _kolmogn_PelzGood(cdf=False). */
function pelzGoodSurvival(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 1;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qpower + coeffs[i]!;
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT2PI) / div[i]!;
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2]! += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3]! += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    const term = K[i]! / n ** (i / 2);
    sum += i === 0 ? 1 - term : -term;
  }
  return sum;
}

/** kstwo.sf(x, n): Pr(D_n > x). */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!(n >= 1) || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    const cdf = n <= 140 ? rubenGambinoProduct(n, t) : Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnov(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnov(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnov(n, x));
  if (nx2 >= 18) return 0;
  if (n <= 100_000 && n * x ** 1.5 <= 1.4) return clip(1 - durbinCdf(n, x));
  return clip(pelzGoodSurvival(n, x));
}

function rubenGambinoProduct(n: number, t: number): number {
  let p = 1;
  for (let i = 1; i <= n; i++) p *= i * (1 / n) * (2 * t - 1);
  return p;
}
