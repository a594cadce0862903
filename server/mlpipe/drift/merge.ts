/**
 * One merge of two sorted samples gives both statistics that compare whole distributions: the KS
 * statistic D = max |F_a - F_b| and the first Wasserstein distance, the integral of |F_a - F_b|
 * (SciPy's ks_2samp statistic and wasserstein_distance). Equal values step together, so ties
 * count as SciPy's searchsorted(side='right') counts them.
 */
export interface SortedComparison {
  ks: number;
  wasserstein: number;
}

export function compareSorted(a: ArrayLike<number>, b: ArrayLike<number>): SortedComparison {
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
