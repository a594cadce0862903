/**
 * Classification metrics, matching scikit-learn's definitions (checked against its values in
 * test/unit/metrics). `classes = 2` means binary: `yPred[i]` is the probability of class 1 and
 * a row is predicted positive when p > 0.5 (the arg-max of [1 - p, p], ties to class 0).
 * `classes > 2` means multiclass: `yPred` holds row-major class probabilities, the predicted
 * class is the arg-max (ties to the lowest index), and precision, recall, f1 and auc are macro
 * averages over the classes present (the truth's or the predictions'; auc: with both outcomes).
 */
import { binaryAuc } from './auc.js';
import { checkClassLabels, checkLengths, type Numbers } from './inputs.js';

export const LOG_LOSS_EPS = 1e-15;

function perRow(classes: number): number {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes must be an integer >= 2, got ${classes}`);
  return classes === 2 ? 1 : classes;
}

function check(metric: string, yTrue: Numbers, yPred: Numbers, classes: number): void {
  checkLengths(metric, yTrue, yPred, perRow(classes));
  checkClassLabels(metric, yTrue, classes);
}

export function predictedClass(yPred: Numbers, classes: number, row: number): number {
  if (classes === 2) return yPred[row] > 0.5 ? 1 : 0;
  let best = 0;
  let bestValue = yPred[row * classes];
  for (let c = 1; c < classes; c++) {
    const v = yPred[row * classes + c];
    if (v > bestValue) {
      best = c;
      bestValue = v;
    }
  }
  return best;
}

export function accuracy(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  check('accuracy', yTrue, yPred, classes);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (predictedClass(yPred, classes, i) === yTrue[i]) hits++;
  return hits / yTrue.length;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function confusion(yTrue: Numbers, yPred: Numbers, classes: number): Counts[] {
  const counts = Array.from({ length: classes }, () => ({ tp: 0, fp: 0, fn: 0 }));
  for (let i = 0; i < yTrue.length; i++) {
    const truth = yTrue[i];
    const guess = predictedClass(yPred, classes, i);
    if (truth === guess) counts[truth].tp++;
    else {
      counts[guess].fp++;
      counts[truth].fn++;
    }
  }
  return counts;
}

// scikit-learn's zero_division default: a 0/0 ratio counts as 0.
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Binary: the positive class (1) only, as scikit-learn's average='binary'. Multiclass: macro over
 * the classes in the truth or the predictions (scikit-learn's default labels): a class the test
 * rows lack and nothing predicts is no 0 in the mean, so a rare class that landed wholly in
 * training does not lower every gate by 1/k.
 */
function scored(metric: string, yTrue: Numbers, yPred: Numbers, classes: number, f: (c: Counts) => number): number {
  check(metric, yTrue, yPred, classes);
  const counts = confusion(yTrue, yPred, classes);
  if (classes === 2) return f(counts[1]);
  let sum = 0;
  let present = 0;
  for (const c of counts) {
    if (c.tp + c.fp + c.fn === 0) continue;
    sum += f(c);
    present++;
  }
  return present === 0 ? NaN : sum / present;
}

export function precision(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  return scored('precision', yTrue, yPred, classes, (c) => ratio(c.tp, c.tp + c.fp));
}

export function recall(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  return scored('recall', yTrue, yPred, classes, (c) => ratio(c.tp, c.tp + c.fn));
}

export function f1(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  return scored('f1', yTrue, yPred, classes, (c) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn));
}

/**
 * Mean negative log-likelihood. Probabilities are clipped to [eps, 1 - eps] and, for multiclass,
 * each row is renormalised after clipping, as scikit-learn does.
 */
export function logLoss(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  check('log_loss', yTrue, yPred, classes);
  const clip = (p: number): number => Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (classes === 2) {
      const p = clip(yPred[i]);
      const q = clip(1 - yPred[i]);
      total -= Math.log((yTrue[i] === 1 ? p : q) / (p + q));
    } else {
      let rowSum = 0;
      for (let c = 0; c < classes; c++) rowSum += clip(yPred[i * classes + c]);
      total -= Math.log(clip(yPred[i * classes + yTrue[i]]) / rowSum);
    }
  }
  return total / yTrue.length;
}

/**
 * ROC AUC. Multiclass: one-vs-rest, macro average over the classes that occur with both
 * outcomes (scikit-learn refuses a class that never occurs); NaN when none does.
 */
export function auc(yTrue: Numbers, yPred: Numbers, classes = 2): number {
  check('auc', yTrue, yPred, classes);
  const n = yTrue.length;
  if (classes === 2) return binaryAuc((i) => yTrue[i] === 1, (i) => yPred[i], n);
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < classes; c++) {
    const a = binaryAuc((i) => yTrue[i] === c, (i) => yPred[i * classes + c], n);
    if (!Number.isNaN(a)) {
      sum += a;
      counted++;
    }
  }
  return counted === 0 ? NaN : sum / counted;
}
