import { PlanError, StateError } from './errors.js';
import { valueText } from './kernels.js';
import { needsFit, type FeaturePlan, type PlanNode } from './plan.js';
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
 * A plan bound to column types and statistics: what the row evaluator reads. Statistics are
 * filled in as fitting proceeds, or all at once from a saved state.
 */
export class Runtime {
  readonly types: Uint8Array;
  /** standardize: mean / std; min_max: min / span. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly edges: Array<Float64Array | undefined>;
  /** one_hot: index of each category's canonical text. */
  readonly vocab: Array<Map<string, number> | undefined>;
  readonly vocabList: Array<Array<string | number> | undefined>;
  readonly ready: Uint8Array;

  constructor(
    readonly plan: FeaturePlan,
    readonly columnTypes: ReadonlyMap<string, ValueType>,
  ) {
    const n = plan.nodes.length;
    this.types = new Uint8Array(n);
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.edges = new Array(n).fill(undefined);
    this.vocab = new Array(n).fill(undefined);
    this.vocabList = new Array(n).fill(undefined);
    this.ready = new Uint8Array(n);
    for (const node of plan.nodes) {
      this.types[node.id] = this.typeOf(node);
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
        throw new PlanError(`${what} needs numbers, and ${describe(this.plan, input)} is text`, 'type-mismatch', node.feature);
      }
    };
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
      case 'hash_bucket':
        return NUM;
      case 'range':
        return RANGE;
      case 'one_hot':
        return VEC;
      case 'fill_missing': {
        const inType = t[node.input];
        if ((inType === NUM) !== (typeof node.value === 'number')) {
          const want = inType === NUM ? 'a number' : 'a string';
          throw new PlanError(
            `fill_missing of ${describe(this.plan, node.input)} needs ${want} as its value, not ${JSON.stringify(node.value)}`,
            'type-mismatch',
            node.feature,
          );
        }
        return inType;
      }
      case 'binary':
        numeric(node.left, `'${node.op}'`);
        numeric(node.right, `'${node.op}'`);
        return NUM;
      case 'neg':
        numeric(node.input, 'unary minus');
        return NUM;
      default:
        numeric(node.input, node.kind);
        return NUM;
    }
  }

  private applyLiteral(node: PlanNode): void {
    switch (node.kind) {
      case 'standardize':
        this.apply(node, { kind: 'standardize', mean: node.mean!, std: node.std!, count: 0 });
        return;
      case 'min_max':
        this.apply(node, { kind: 'min_max', min: node.min!, max: node.max!, count: 0 });
        return;
      case 'one_hot':
        this.apply(node, { kind: 'one_hot', vocabulary: node.vocabulary!, count: 0 });
        return;
      case 'bucketize':
        this.apply(node, { kind: 'bucketize', edges: node.edges!, count: 0 });
        return;
      default:
        this.ready[node.id] = 1;
    }
  }

  /** Installs a node's statistics. */
  apply(node: PlanNode, s: NodeState): void {
    if (s.kind !== node.kind) throw new StateError(`node ${node.key} has state of kind ${s.kind}`);
    const id = node.id;
    switch (s.kind) {
      case 'standardize':
        this.a[id] = s.mean;
        this.b[id] = s.std;
        break;
      case 'min_max':
        this.a[id] = s.min;
        this.b[id] = s.max - s.min || 1;
        break;
      case 'bucketize':
        this.edges[id] = Float64Array.from(s.edges);
        break;
      case 'one_hot':
        this.vocabList[id] = s.vocabulary;
        this.vocab[id] = new Map(s.vocabulary.map((v, i) => [valueText(v), i]));
        break;
    }
    this.ready[id] = 1;
  }

  /** The output columns; every output's statistics must be installed. */
  layout(): OutputLayout {
    const columns: string[] = [];
    const features: OutputLayout['features'] = [];
    for (const out of this.plan.outputs) {
      const offset = columns.length;
      if (this.types[out.node] === VEC) {
        const list = this.vocabList[out.node];
        if (!list) throw new StateError(`one_hot of feature ${out.feature} has no vocabulary`);
        for (const v of list) columns.push(`${out.feature}=${valueText(v)}`);
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
