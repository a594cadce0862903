/** The two-sample Kolmogorov-Smirnov statistic D, by merging two sorted samples. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    // Step past every copy of the smaller value in both samples, then compare the CDFs.
    const x = a[i]! <= b[j]! ? a[i]! : b[j]!;
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return d;
}
