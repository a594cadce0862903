/** Shared argument checks: a bad call names the metric and the lengths that disagree. */
export type Numbers = ArrayLike<number>;

export function checkLengths(metric: string, yTrue: Numbers, yPred: Numbers, perRow = 1): void {
  if (yPred.length !== yTrue.length * perRow) {
    const want = perRow === 1 ? `${yTrue.length}` : `${yTrue.length} rows x ${perRow} classes = ${yTrue.length * perRow}`;
    throw new RangeError(`${metric}: ${yTrue.length} labels but ${yPred.length} predictions (expected ${want})`);
  }
  if (yTrue.length === 0) throw new RangeError(`${metric}: no rows`);
}

export function checkClassLabels(metric: string, yTrue: Numbers, classes: number): void {
  for (let i = 0; i < yTrue.length; i++) {
    const c = yTrue[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new RangeError(`${metric}: row ${i}: label ${c} is not a class index in 0..${classes - 1}`);
    }
  }
}
