/**
 * The first Wasserstein distance between two sorted samples (SciPy's wasserstein_distance:
 * the integral of |F_a - F_b|), by merging them.
 */
export function wasserstein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return NaN;
  let i = 0;
  let j = 0;
  let sum = 0;
  let prev = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    sum += Math.abs(i / n - j / m) * (x - prev);
    prev = x;
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
  }
  return sum;
}

/** The spec's 'wasserstein': the distance divided by the reference's std, floored at 0.001. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

export function normalisedWasserstein(reference: ArrayLike<number>, current: ArrayLike<number>, referenceStd: number): number {
  return wasserstein(reference, current) / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR);
}
