/**
 * Regression metrics, matching scikit-learn (r2 of a constant target: 1 if predicted exactly, else 0;
 * r2 of fewer than two rows: NaN, as scikit-learn's `r2_score`, since one row has no variance to explain).
 */
import { checkLengths, type Numbers } from './inputs.js';

export function rmse(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('rmse', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(s / yTrue.length);
}

export function mae(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('mae', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

export function r2(yTrue: Numbers, yPred: Numbers): number {
  checkLengths('r2', yTrue, yPred);
  if (yTrue.length < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i];
  mean /= yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
