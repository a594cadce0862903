import { transformNamed } from '../transforms/index.js';
import { isTransformNode, transformOf, type FeaturePlan } from './plan.js';
import { beyondFloat32 } from './usable.js';

/** What is known of a primary-table column over every row of its file. */
export interface ColumnFacts {
  /** Some cell is missing. */
  missing: boolean;
  /** Some cell is a number beyond float32's range. */
  beyond: boolean;
}

/**
 * The model inputs that can be missing or beyond float32's range on some row, judged from the
 * catalogue alone: a step whose entry says it `producesUnusable`, an operator (a division, an
 * overflow), a literal beyond range, or a column whose facts (undefined: not known) show such
 * cells. The others are present and in range on every row, so computing them over the file
 * could only confirm it: the checker's missing-every-row pass evaluates just these.
 */
export function inputsThatMayBeUnusable(plan: FeaturePlan, facts: (column: string) => ColumnFacts | undefined): string[] {
  // A model whose every input is a vector (a one-hot encoding) may get no column at all, when
  // each vocabulary is empty: only computing them all can tell ('completeRows'' 'noColumns').
  if (plan.outputs.length > 0 && plan.outputs.every((o) => isVector(plan, o.node))) return plan.outputs.map((o) => o.feature);
  const unusable = nodesThatMayBeUnusable(plan, facts);
  // A vector is never missing nor out of range (a missing category encodes as all zeros).
  return plan.outputs.filter((o) => !isVector(plan, o.node) && unusable[o.node]).map((o) => o.feature);
}

/**
 * `inputsThatMayBeUnusable` of each of several models, from one plan compiling every model's
 * inputs: whether a feature may be unusable depends on its own node alone (what it reads), so
 * the checker compiles the features of many models once, not a plan per model. `inputs[k]` are
 * model k's inputs, each a feature of `plan`.
 */
export function inputsOfEachThatMayBeUnusable(plan: FeaturePlan, facts: (column: string) => ColumnFacts | undefined, inputs: ReadonlyArray<readonly string[]>): string[][] {
  const unusable = nodesThatMayBeUnusable(plan, facts);
  return inputs.map((names) => {
    const nodes = names.map((name) => plan.features.get(name)!);
    if (nodes.length > 0 && nodes.every((id) => isVector(plan, id))) return names.slice();
    return names.filter((_, k) => !isVector(plan, nodes[k]) && unusable[nodes[k]]);
  });
}

/** Per node: 1 when it may be missing or beyond float32's range on some row. */
function nodesThatMayBeUnusable(plan: FeaturePlan, facts: (column: string) => ColumnFacts | undefined): Uint8Array {
  const n = plan.nodes.length;
  // missing[id]: may be missing; beyond[id]: may be a number beyond float32's range.
  const missing = new Uint8Array(n);
  const beyond = new Uint8Array(n);
  for (const node of plan.nodes) {
    const id = node.id;
    if (isTransformNode(node)) {
      const spec = transformOf(node);
      const x = node.input;
      if (spec.coversMissing) {
        const fill = spec.kernels.fills?.(node.params);
        beyond[id] = beyond[x] || (typeof fill === 'number' && beyondFloat32(fill)) ? 1 : 0;
      } else {
        const produces = spec.producesUnusable ? 1 : 0;
        // A kernel may turn an out-of-range input into a missing value (log1p of an infinity).
        missing[id] = produces | missing[x] | beyond[x];
        beyond[id] = produces | beyond[x];
      }
      continue;
    }
    switch (node.kind) {
      case 'column': {
        const f = facts(node.column);
        missing[id] = !f || f.missing ? 1 : 0;
        beyond[id] = !f || f.beyond ? 1 : 0;
        break;
      }
      case 'const':
        beyond[id] = beyondFloat32(node.value) ? 1 : 0;
        break;
      case 'time':
        missing[id] = missing[node.input];
        break;
      case 'range':
        missing[id] = missing[node.keyInput] | (node.timeInput === undefined ? 0 : missing[node.timeInput]);
        break;
      case 'window': {
        const spec = transformNamed(`window_${node.agg}`);
        const produces = !spec || spec.producesUnusable ? 1 : 0;
        missing[id] = produces | missing[node.range];
        beyond[id] = produces;
        break;
      }
      case 'neg':
        missing[id] = missing[node.input];
        beyond[id] = beyond[node.input];
        break;
      default:
        // An operator: a division by zero is missing, a product can leave the range.
        missing[id] = 1;
        beyond[id] = 1;
    }
  }
  for (let id = 0; id < n; id++) missing[id] |= beyond[id];
  return missing;
}

/** A node whose value is a vector: one column per category it holds, so possibly none. */
function isVector(plan: FeaturePlan, id: number): boolean {
  const node = plan.nodes[id];
  return node !== undefined && isTransformNode(node) && transformOf(node).kernels.labels !== undefined;
}
