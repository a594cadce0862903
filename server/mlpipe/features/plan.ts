import type { BinaryOp } from '../syntax/ast.js';
import { rowTransformNamed, type RowTransformSpec, type TransformName } from '../transforms/index.js';

/**
 * The compiled form of a pipeline's features: a DAG of nodes in topological order (every
 * node's inputs come before it). Identical sub-expressions are one node, so a feature used by
 * several others is computed, and fitted, once. Node keys are canonical texts of the
 * sub-expression; the fitted state is keyed by them, so it survives re-compiling the same file.
 */

export type { FitScope } from '../language/keywords.js';
import type { FitScope } from '../language/keywords.js';
export type { WindowAgg } from '../transforms/spec.js';
import type { WindowAgg } from '../transforms/spec.js';

interface NodeBase {
  /** Index in `FeaturePlan.nodes`. */
  id: number;
  /** Canonical text of the sub-expression. */
  key: string;
  /** The first feature whose expression contains this node, for messages. */
  feature: string;
}

export type PlanNode = NodeBase &
  (
    | { kind: 'column'; column: string }
    | { kind: 'const'; value: number }
    /**
     * A catalogue transform of one input: `kind` is its name, `params` what its kernels'
     * `compile` read from the call's literal arguments.
     */
    | { kind: TransformName; input: number; fit: FitScope; params: unknown }
    /** A primary-table column read as epoch seconds (a window's `as_of`). */
    | { kind: 'time'; input: number }
    /**
     * The history rows of one window: same key, and `as_of - seconds <= time < as_of` when
     * `time` is given (else every row of the key). Shared by every aggregate over it.
     */
    | { kind: 'range'; table: string; seconds: number; keyInput: number; timeInput?: number }
    | { kind: 'window'; agg: WindowAgg; range: number; table: string; column: string }
    | { kind: 'binary'; op: BinaryOp; left: number; right: number }
    | { kind: 'neg'; input: number }
  );

export type NodeKind = PlanNode['kind'];

export interface PrimaryTable {
  name: string;
  key?: string;
  time?: string;
  target?: string;
}

export interface HistoryTable {
  key: string;
  time?: string;
}

export interface FeaturePlan {
  nodes: PlanNode[];
  /** The model's inputs, in order, with the node that computes each. */
  outputs: Array<{ feature: string; node: number }>;
  /** Every compiled feature (the inputs and what they depend on) and its node. */
  features: ReadonlyMap<string, number>;
  primary: PrimaryTable;
  histories: ReadonlyMap<string, HistoryTable>;
}

/** The nodes a node reads directly. */
export function nodeInputs(node: PlanNode): number[] {
  switch (node.kind) {
    case 'column':
    case 'const':
      return [];
    case 'range':
      return node.timeInput === undefined ? [node.keyInput] : [node.keyInput, node.timeInput];
    case 'window':
      return [node.range];
    case 'binary':
      return [node.left, node.right];
    default:
      return [node.input];
  }
}

export type TransformNode = Extract<PlanNode, { params: unknown }>;

/** True for a node computed by a catalogue transform's kernels. */
export function isTransformNode(node: PlanNode): node is TransformNode {
  return 'params' in node;
}

/** The catalogue entry computing a transform node. */
export function transformOf(node: TransformNode): RowTransformSpec {
  const spec = rowTransformNamed(node.kind);
  if (!spec) throw new Error(`internal: '${node.kind}' is not a row transform of the catalogue`);
  return spec;
}

/** True for nodes whose statistics are learned from data (unless all are given literally). */
export function needsFit(node: PlanNode): boolean {
  return isTransformNode(node) && transformOf(node).kernels.fit?.needed(node.params) === true;
}

/**
 * The history tables the plan's windows read, in the order the plan first reads them: the only
 * ones its features need loaded. `histories` holds every other data block of the pipeline, read
 * or not.
 */
export function windowTables(plan: FeaturePlan): string[] {
  return [...new Set(plan.nodes.flatMap((n) => (n.kind === 'window' ? [n.table] : [])))];
}

/**
 * The columns of each history table the plan's windows read: its key, its time and each column
 * a window aggregates. A loader keeps only these (an event log's IDs and free text, millions of
 * strings, are read for nothing else), so whatever else the engine does with a history table
 * must go through a window.
 */
export function historyColumns(plan: FeaturePlan): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const n of plan.nodes) {
    if (n.kind !== 'window') continue;
    let columns = out.get(n.table);
    if (!columns) {
      const hist = plan.histories.get(n.table);
      out.set(n.table, (columns = new Set()));
      if (hist?.key !== undefined) columns.add(hist.key);
      if (hist?.time !== undefined) columns.add(hist.time);
    }
    columns.add(n.column);
  }
  return out;
}

/** Nodes `roots` depend on (including themselves), in topological order. */
export function closureOf(plan: FeaturePlan, roots: Iterable<number>): number[] {
  const mark = new Uint8Array(plan.nodes.length);
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (mark[id]) continue;
    mark[id] = 1;
    for (const i of nodeInputs(plan.nodes[id])) stack.push(i);
  }
  const out: number[] = [];
  for (let i = 0; i < mark.length; i++) if (mark[i]) out.push(i);
  return out;
}

/**
 * The part of `plan` that computes `outputs` (features of it), renumbered: what compiling those
 * features alone from the same texts and tables gives, up to node order (still topological) and
 * which feature a shared node names in its messages. The checker compiles every model's inputs
 * once to learn which may be unusable, then judges the risky ones: this part, not a second
 * compile of them. `features` keeps every feature whose node the part holds (a feature with
 * the same expression as one read shares its node).
 */
export function subPlan(plan: FeaturePlan, outputs: readonly string[]): FeaturePlan {
  const roots = outputs.map((f) => {
    const id = plan.features.get(f);
    if (id === undefined) throw new Error(`internal: '${f}' is not a feature of the plan`);
    return id;
  });
  const keep = closureOf(plan, roots);
  const at = new Int32Array(plan.nodes.length).fill(-1);
  const nodes = keep.map((old, id) => {
    at[old] = id;
    return renumbered(plan.nodes[old], id, at);
  });
  const features = new Map<string, number>();
  // forEach, not for-of: a plan's `FeatureIds` would yield an entry array per feature.
  plan.features.forEach((old, name) => {
    if (at[old] >= 0) features.set(name, at[old]);
  });
  return {
    nodes,
    outputs: outputs.map((feature, k) => ({ feature, node: at[roots[k]] })),
    features,
    primary: plan.primary,
    histories: plan.histories,
  };
}

/**
 * `plan` with one output per distinct output node, named by the first input computed by it:
 * inputs with the same node have the same values, so a batch of many models' inputs (the
 * checker's, where 2,702 inputs reduce to ~50 nodes) computes and writes each node's columns
 * once, and `BatchColumns` gives each input its node's columns under its own name. The same
 * object when no two outputs share a node.
 */
export function byNode(plan: FeaturePlan): FeaturePlan {
  const seen = new Uint8Array(plan.nodes.length);
  const outputs: FeaturePlan['outputs'] = [];
  for (const o of plan.outputs) {
    if (seen[o.node]) continue;
    seen[o.node] = 1;
    outputs.push(o);
  }
  return outputs.length === plan.outputs.length ? plan : { ...plan, outputs };
}

/** A copy of `node` as node `id`, its inputs read through `at` (old id to new). */
function renumbered(node: PlanNode, id: number, at: Int32Array): PlanNode {
  switch (node.kind) {
    case 'column':
    case 'const':
      return { ...node, id };
    case 'range':
      return { ...node, id, keyInput: at[node.keyInput], ...(node.timeInput === undefined ? {} : { timeInput: at[node.timeInput] }) };
    case 'window':
      return { ...node, id, range: at[node.range] };
    case 'binary':
      return { ...node, id, left: at[node.left], right: at[node.right] };
    default:
      return { ...node, id, input: at[node.input] };
  }
}
