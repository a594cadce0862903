/**
 * The values drift is measured on, read from the feature engine's output: a scalar model input
 * is its number, a one_hot input is its category (what the vector encodes), and the
 * prediction is the probability of the positive class, the value, or the multiclass label.
 * One reading for the training reference and for served traffic.
 */
import { outputLayout, type FeaturePlan, type FittedState } from '../../mlpipe/features/index.js';
import { PREDICTION_TARGET } from '../../mlpipe/language/keywords.js';
import type { ProfileKind } from '../../mlpipe/drift/profile.js';
import type { TrainTask } from '../train/index.js';

export type MonitoredValue = number | string | null;
/** How a monitored value is profiled: the drift profile's kinds. */
export type ValueKind = ProfileKind;

/** The category a one_hot vector of zeros stands for: a value the training split never had. */
export const UNSEEN = '(unseen)';
/** The language's name for the model's output as a monitored target. */
export const PREDICTION = PREDICTION_TARGET;

export interface FeatureReader {
  /** Model inputs, in order. */
  features: string[];
  kinds: ValueKind[];
  /** Per model input: the categories a one_hot encodes (code k is categories[k]), or null for a number. */
  categories: Array<string[] | null>;
  /** Values of row r of a row-major output matrix. */
  read(x: Float32Array, r: number): MonitoredValue[];
  /**
   * The same values as numbers, written into `into` from `at` (the prediction log stores these):
   * a number as itself, a category as its index, UNSEEN as -1. `decodeValue` reads them back.
   */
  code(x: Float32Array, r: number, into: Float32Array, at: number): void;
  /**
   * Model input `i`'s values in the first `rows` rows: a number's as a Float64Array (NaN
   * missing), a category's as its names. What a reference is built from, a column at a time: a
   * training split of millions of rows read row by row kept an array and boxed numbers per row.
   */
  column(x: Float32Array, rows: number, i: number): Float64Array | MonitoredValue[];
}

/** A coded value (`FeatureReader.code`) as the value it stands for; NaN is missing. */
export function decodeValue(code: number, categories: readonly string[] | null): MonitoredValue {
  if (code !== code) return null;
  if (categories === null) return code;
  return code < 0 ? UNSEEN : categories[code];
}

/** A logged answer as drift reads it: the number, or a multiclass answer's label. */
export function predictedOf(prediction: unknown): MonitoredValue {
  if (typeof prediction === 'number') return prediction;
  if (prediction && typeof prediction === 'object' && 'label' in prediction) return String((prediction as { label: unknown }).label);
  return null;
}

export function featureReader(plan: FeaturePlan, state: FittedState): FeatureReader {
  const layout = outputLayout(plan, state);
  const spans = layout.features.map((f) => {
    const categorical = layout.columns[f.offset] !== f.feature;
    const categories = categorical ? layout.columns.slice(f.offset, f.offset + f.width).map((c) => c.slice(f.feature.length + 1)) : [];
    return { ...f, categorical, categories };
  });
  const width = layout.width;
  const categories = spans.map((s) => (s.categorical ? s.categories : null));
  /** The index of the category a one_hot span encodes in row-major `x` from `base`, or -1 (UNSEEN). */
  const categoryAt = (x: Float32Array, base: number, s: (typeof spans)[number]): number => {
    for (let k = 0; k < s.width; k++) if (x[base + s.offset + k] === 1) return k;
    return -1;
  };
  const code = (x: Float32Array, r: number, into: Float32Array, at: number): void => {
    const base = r * width;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      into[at + i] = s.categorical ? categoryAt(x, base, s) : x[base + s.offset];
    }
  };
  const one = new Float32Array(spans.length);
  return {
    features: spans.map((s) => s.feature),
    kinds: spans.map((s) => (s.categorical ? 'categorical' : 'numeric')),
    categories,
    code,
    read(x, r) {
      code(x, r, one, 0);
      return spans.map((_, i) => decodeValue(one[i], categories[i]));
    },
    column(x, rows, i) {
      const s = spans[i];
      if (!s.categorical) {
        const out = new Float64Array(rows);
        for (let r = 0; r < rows; r++) out[r] = x[r * width + s.offset];
        return out;
      }
      const out = new Array<MonitoredValue>(rows);
      for (let r = 0; r < rows; r++) out[r] = decodeValue(categoryAt(x, r * width, s), s.categories);
      return out;
    },
  };
}

export function predictionKind(task: TrainTask): ValueKind {
  return task === 'multiclass' ? 'categorical' : 'numeric';
}

/** The predictions of `rows` rows as drift sees them: a column, as `FeatureReader.columns` gives. */
export function predictionColumn(task: TrainTask, labels: string[] | undefined, out: Float32Array, rows: number, classes: number): Float64Array | MonitoredValue[] {
  if (task !== 'multiclass') return Float64Array.from(out.subarray(0, rows));
  return Array.from({ length: rows }, (_, r) => predictionValue(task, labels, out, r, classes));
}

/** The prediction of row r as drift sees it. */
export function predictionValue(task: TrainTask, labels: string[] | undefined, out: Float32Array, r: number, classes: number): MonitoredValue {
  if (task !== 'multiclass') return out[r];
  let best = 0;
  for (let k = 1; k < classes; k++) if (out[r * classes + k] > out[r * classes + best]) best = k;
  return labels?.[best] ?? String(best);
}
