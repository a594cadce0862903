/**
 * The values drift is measured on, read from the feature engine's output: a scalar model input
 * is its number, a one_hot input is its category (what the vector encodes), and the
 * prediction is the probability of the positive class, the value, or the multiclass label.
 * One reading for the training reference and for served traffic.
 */
import { outputLayout, type FeaturePlan, type FittedState } from '../../mlpipe/features/index.js';
import type { TrainTask } from '../train/index.js';

export type MonitoredValue = number | string | null;
export type ValueKind = 'numeric' | 'categorical';

/** The category a one_hot vector of zeros stands for: a value the training split never had. */
export const UNSEEN = '(unseen)';
export const PREDICTION = 'prediction';

export interface FeatureReader {
  /** Model inputs, in order. */
  features: string[];
  kinds: ValueKind[];
  /** Values of row r of a row-major output matrix. */
  read(x: Float32Array, r: number): MonitoredValue[];
}

export function featureReader(plan: FeaturePlan, state: FittedState): FeatureReader {
  const layout = outputLayout(plan, state);
  const spans = layout.features.map((f) => {
    const categorical = layout.columns[f.offset] !== f.feature;
    const categories = categorical ? layout.columns.slice(f.offset, f.offset + f.width).map((c) => c.slice(f.feature.length + 1)) : [];
    return { ...f, categorical, categories };
  });
  const width = layout.width;
  return {
    features: spans.map((s) => s.feature),
    kinds: spans.map((s) => (s.categorical ? 'categorical' : 'numeric')),
    read(x, r) {
      const base = r * width;
      return spans.map((s) => {
        if (!s.categorical) {
          const v = x[base + s.offset];
          return v === v ? v : null;
        }
        for (let k = 0; k < s.width; k++) if (x[base + s.offset + k] === 1) return s.categories[k];
        return UNSEEN;
      });
    },
  };
}

export function predictionKind(task: TrainTask): ValueKind {
  return task === 'multiclass' ? 'categorical' : 'numeric';
}

/** The prediction of row r as drift sees it. */
export function predictionValue(task: TrainTask, labels: string[] | undefined, out: Float32Array, r: number, classes: number): MonitoredValue {
  if (task !== 'multiclass') return out[r];
  let best = 0;
  for (let k = 1; k < classes; k++) if (out[r * classes + k] > out[r * classes + best]) best = k;
  return labels?.[best] ?? String(best);
}
