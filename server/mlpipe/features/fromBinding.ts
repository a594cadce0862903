import type { Binding } from '../binder.js';
import type { Expr } from '../syntax/ast.js';
import type { PlanInput } from './compile.js';
import { PlanError } from './errors.js';
import type { HistoryTable } from './plan.js';

/**
 * Every feature's expression by name, built once per binding: the checker asks for the plan of
 * every model of a file, and a map per model made that quadratic (110 models x 4,400 features).
 * Read-only: the compiler only looks features up.
 */
const featureExprs = new WeakMap<Binding['features'], Map<string, Expr>>();

/**
 * The plan input of one model of a bound file: every feature's expression, the model's
 * inputs, the primary table (the one with a `target`) and the other tables as histories.
 */
export function planInputOf(binding: Binding, model: string): PlanInput {
  const m = binding.models.get(model);
  if (!m) throw new PlanError(`no model ${model}`, 'unknown-reference');
  const primary = binding.primary;
  if (!primary) throw new PlanError("exactly one data block must have a 'target' (the primary table)", 'invalid-value');
  const histories = new Map<string, HistoryTable>();
  for (const [name, t] of binding.tables) {
    if (name === primary.name || t.key === undefined) continue;
    histories.set(name, t.time === undefined ? { key: t.key } : { key: t.key, time: t.time });
  }
  return {
    // Built on first use: a checker that finds the model's plan in its memo never compiles it.
    get features() {
      return featureExprsOf(binding);
    },
    inputs: m.inputs.map((i) => i.name),
    primary: { name: primary.name, key: primary.key, time: primary.time, target: primary.target },
    histories,
  };
}

function featureExprsOf(binding: Binding): Map<string, Expr> {
  let features = featureExprs.get(binding.features);
  if (!features) {
    features = new Map();
    for (const [name, f] of binding.features) features.set(name, f.decl.value);
    featureExprs.set(binding.features, features);
  }
  return features;
}
