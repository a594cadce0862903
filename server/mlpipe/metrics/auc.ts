/**
 * ROC AUC as the Mann-Whitney statistic with tied scores given their average rank. This equals
 * scikit-learn's trapezoidal area under the ROC curve, ties included, without building the curve.
 * Returns NaN when only one class is present (scikit-learn raises there).
 */
export function binaryAuc(isPositive: (i: number) => boolean, score: (i: number) => number, n: number): number {
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score(a) - score(b));
  let positives = 0;
  let rankSumPositives = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && score(order[end]) === score(order[start])) end++;
    // Ranks are 1-based: the tied block start..end-1 shares the mean of ranks start+1..end.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (isPositive(order[k])) {
        positives++;
        rankSumPositives += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}
