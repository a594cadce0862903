import { PlanError, StateError } from './errors.js';
import type { AnyKernels } from '../transforms/index.js';
import { isTransformNode, needsFit, nodeInputs, transformOf, type FeaturePlan, type PlanNode } from './plan.js';
import type { FittedState, NodeState, ValueType } from './state.js';

/** What a node produces: a number, a text, a one-hot vector (only at outputs) or a row range. */
export const NUM = 0;
export const STR = 1;
export const VEC = 2;
export const RANGE = 3;

export interface OutputLayout {
  width: number;
  /** Output column names: the feature's name, or `feature=value` for each one_hot category. */
  columns: string[];
  /** Per model input: its first column and how many it spans. */
  features: Array<{ feature: string; node: number; offset: number; width: number }>;
}

/**
 * The column nodes that only windows read, as their `as_of`: text to the evaluator whatever
 * the data's column type, so every reader (training, `/predict`, `score`) takes each cell by the
 * data layer's one time rule (epoch seconds, milli-, micro- or nanoseconds, an ISO date or date-time). Typed by
 * the training file's cells, a column of epoch numbers refused '2025-04-18' as "not a number".
 * A column a feature also reads as a value keeps its data type.
 */
export function timeOnlyColumns(plan: FeaturePlan): Set<number> {
  const asTime = new Set<number>();
  const otherwise = new Set(plan.outputs.map((o) => o.node));
  for (const node of plan.nodes) for (const i of nodeInputs(node)) (node.kind === 'time' ? asTime : otherwise).add(i);
  for (const id of otherwise) asTime.delete(id);
  return asTime;
}

/**
 * A plan bound to column types and statistics: what the row evaluator reads. Statistics are
 * filled in as fitting proceeds, or all at once from a saved state.
 */
export class Runtime {
  readonly types: Uint8Array;
  /** Each transform node's kernels (undefined for the engine's own nodes). */
  readonly kernels: Array<AnyKernels | undefined>;
  /** What each transform node's row kernel reads: its parameters and statistics, prepared. */
  readonly prepared: unknown[];
  readonly ready: Uint8Array;

  /**
   * `whyText`: what makes a text column text, in words to follow "is text" (its stray cells,
   * when the data is at hand), so a refusal points at the cell; '' or undefined adds nothing.
   */
  constructor(
    readonly plan: FeaturePlan,
    readonly columnTypes: ReadonlyMap<string, ValueType>,
    private readonly whyText?: (column: string) => string | undefined,
  ) {
    const n = plan.nodes.length;
    this.types = new Uint8Array(n);
    this.kernels = plan.nodes.map((node) => (isTransformNode(node) ? (transformOf(node).kernels as AnyKernels) : undefined));
    this.prepared = new Array(n).fill(undefined);
    this.ready = new Uint8Array(n);
    const timeOnly = timeOnlyColumns(plan);
    for (const node of plan.nodes) {
      const type = this.typeOf(node); // still refuses a column the state does not know
      this.types[node.id] = timeOnly.has(node.id) ? STR : type;
      if (!needsFit(node)) this.applyLiteral(node);
    }
    for (const out of plan.outputs) {
      if (this.types[out.node] === STR) {
        throw new PlanError(
          'gives text, and a model input must be numeric: wrap it in one_hot or hash_bucket',
          'type-mismatch',
          out.feature,
        );
      }
    }
  }

  private typeOf(node: PlanNode): number {
    const t = this.types;
    const numeric = (input: number, what: string): void => {
      if (t[input] !== NUM) {
        throw new PlanError(`${what} needs numbers, and ${describe(this.plan, input)} is text${this.why(input)}`, 'type-mismatch', node.feature);
      }
    };
    if (isTransformNode(node)) {
      const out = this.kernels[node.id]!.output(t[node.input] === NUM ? 'number' : 'text', describe(this.plan, node.input), node.params);
      if (typeof out !== 'string') throw new PlanError(out.mismatch + (t[node.input] === STR ? this.why(node.input) : ''), 'type-mismatch', node.feature);
      return out === 'number' ? NUM : out === 'text' ? STR : VEC;
    }
    switch (node.kind) {
      case 'column': {
        const type = this.columnTypes.get(node.column);
        if (type === undefined) {
          throw new PlanError(
            `'${node.column}' is neither a feature nor a column of ${this.plan.primary.name}`,
            'unknown-reference',
            node.feature,
          );
        }
        return type === 'number' ? NUM : STR;
      }
      case 'const':
      case 'window':
      case 'time':
        return NUM;
      case 'range':
        return RANGE;
      case 'binary':
        numeric(node.left, `'${node.op}'`);
        numeric(node.right, `'${node.op}'`);
        return NUM;
      case 'neg':
        numeric(node.input, 'unary minus');
        return NUM;
    }
  }

  /** Why input `id` is text, when it is a column the caller can say that of. */
  private why(id: number): string {
    const node = this.plan.nodes[id];
    return node.kind === 'column' ? (this.whyText?.(node.column) ?? '') : '';
  }

  /** A node needing no fitting: its kernel reads the literal parameters (and the state they state). */
  private applyLiteral(node: PlanNode): void {
    const kernels = this.kernels[node.id];
    if (kernels && isTransformNode(node)) this.prepared[node.id] = kernels.prepare(node.params, kernels.fit?.literal?.(node.params));
    this.ready[node.id] = 1;
  }

  /** Installs a node's statistics. */
  apply(node: PlanNode, s: NodeState): void {
    if (s.kind !== node.kind || !isTransformNode(node)) throw new StateError(`node ${node.key} has state of kind ${s.kind}`);
    this.prepared[node.id] = this.kernels[node.id]!.prepare(node.params, s);
    this.ready[node.id] = 1;
  }

  /** The output columns; every output's statistics must be installed. */
  layout(): OutputLayout {
    const columns: string[] = [];
    const features: OutputLayout['features'] = [];
    for (const out of this.plan.outputs) {
      const offset = columns.length;
      if (this.types[out.node] === VEC) {
        const kernels = this.kernels[out.node];
        if (!this.ready[out.node] || !kernels?.labels) {
          throw new StateError(`${this.plan.nodes[out.node].kind} of feature ${out.feature} has no ${kernels?.fit?.sample === 'categories' ? 'vocabulary' : 'fitted state'}`);
        }
        for (const label of kernels.labels(this.prepared[out.node])) columns.push(`${out.feature}=${label}`);
      } else {
        columns.push(out.feature);
      }
      features.push({ feature: out.feature, node: out.node, offset, width: columns.length - offset });
    }
    return { width: columns.length, columns, features };
  }
}

function describe(plan: FeaturePlan, id: number): string {
  const node = plan.nodes[id];
  return node.kind === 'column' ? `${plan.primary.name}.${node.column}` : `'${node.key}'`;
}

const cache = new WeakMap<FittedState, WeakMap<FeaturePlan, { rt: Runtime; layout: OutputLayout }>>();

/** The runtime of a plan with a saved state, built once per (plan, state) pair. */
export function runtimeFor(plan: FeaturePlan, state: FittedState): { rt: Runtime; layout: OutputLayout } {
  let byPlan = cache.get(state);
  if (!byPlan) {
    byPlan = new WeakMap();
    cache.set(state, byPlan);
  }
  const hit = byPlan.get(plan);
  if (hit) return hit;
  const rt = new Runtime(plan, new Map(Object.entries(state.columns)));
  for (const node of plan.nodes) {
    const s = state.nodes[node.key];
    if (s) rt.apply(node, s);
    else if (!rt.ready[node.id]) {
      throw new StateError(`no fitted statistics for '${node.key}' (feature ${node.feature}): the state was saved for other features; re-run training`);
    }
  }
  const made = { rt, layout: rt.layout() };
  byPlan.set(plan, made);
  return made;
}
