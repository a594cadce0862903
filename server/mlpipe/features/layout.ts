import type { FeaturePlan } from './plan.js';
import { runtimeFor, type OutputLayout } from './runtime.js';
import type { FittedState } from './state.js';

/** Output width, column names and each model input's span, once the plan is fitted. */
export function outputLayout(plan: FeaturePlan, state: FittedState): OutputLayout {
  return runtimeFor(plan, state).layout;
}

export type { OutputLayout };
