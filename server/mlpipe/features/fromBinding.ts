import type { Binding } from '../binder.js';
import type { Expr } from '../syntax/ast.js';
import { CompiledFeatures, type FeatureOrdinals, type PlanInput } from './compile.js';
import { PlanError } from './errors.js';
import type { HistoryTable } from './plan.js';

/**
 * The plan input of one model of a bound file: every feature's expression, the model's
 * inputs, the primary table (the one with a `target`) and the other tables as histories.
 */
export function planInputOf(binding: Binding, model: string): PlanInput {
  const m = binding.models.get(model);
  if (!m) throw new PlanError(`no model '${model}'`, 'unknown-reference');
  const { compiled, ordinals } = compiledOf(binding);
  return { features: compiled.features, inputs: m.inputs.map((i) => i.name), primary: compiled.primary, histories: compiled.histories, compiled, ordinals };
}

/**
 * What every model's plan input shares in one binding (the features, the tables), made once
 * with the features compiled so far: the checker compiles a plan per model and then their
 * inputs together, and each feature is walked once (`CompiledFeatures`). A binding is not
 * changed once made.
 */
const compiledByBinding = new WeakMap<Binding, { compiled: CompiledFeatures; ordinals: FeatureOrdinals }>();

function compiledOf(binding: Binding): { compiled: CompiledFeatures; ordinals: FeatureOrdinals } {
  const known = compiledByBinding.get(binding);
  if (known) return known;
  const primary = binding.primary;
  if (!primary) throw new PlanError("exactly one data block must have a 'target' (the primary table)", 'invalid-value');
  const histories = new Map<string, HistoryTable>();
  for (const [name, t] of binding.tables) {
    if (name === primary.name || t.key === undefined) continue;
    histories.set(name, t.time === undefined ? { key: t.key } : { key: t.key, time: t.time });
  }
  // A view of the binding, not a copy: the checker asks for the plan input of every model of
  // a file on every check, and most find their plan in the memo.
  const features = featureExprsOf(binding);
  const compiled = new CompiledFeatures(features, { name: primary.name, key: primary.key, time: primary.time, target: primary.target }, histories);
  const made = { compiled, ordinals: { features, ...numbered(binding) } };
  compiledByBinding.set(binding, made);
  return made;
}

/**
 * The last binding's features by ordinal. A check binds the file anew; most edits keep every
 * feature's name and place (an edit inside an expression), and those bindings share these
 * instead of each numbering thousands of features into a fresh map.
 */
let lastNumbered: Pick<FeatureOrdinals, 'byName' | 'names'> = { byName: new Map(), names: [] };

/** Each feature of `binding` numbered in the binding's order. */
function numbered(binding: Binding): Pick<FeatureOrdinals, 'byName' | 'names'> {
  const { features } = binding;
  const last = lastNumbered;
  if (last.names.length === features.size) {
    let k = 0;
    let same = true;
    for (const name of features.keys()) if (last.names[k++] !== name) { same = false; break; }
    if (same) return last;
  }
  const names = [...features.keys()];
  const byName = new Map<string, number>();
  for (let k = 0; k < names.length; k++) byName.set(names[k], k);
  return (lastNumbered = { byName, names });
}

/** Every feature's expression by name, looked up in the binding (no map is built). */
function featureExprsOf(binding: Binding): Pick<ReadonlyMap<string, Expr>, 'has' | 'get'> {
  const { features } = binding;
  return { has: (name) => features.has(name), get: (name) => features.get(name)?.decl.value };
}
