import { TRAIN } from '../data/split.js';
import { getColumn } from '../data/table.js';
import { PlanError } from './errors.js';
import { isFractional } from '../language/task.js';
import { RowEvaluator } from './evaluate.js';
import { buildHistoryIndex, type EngineData, type HistoryIndex } from './history.js';
import { valueText } from './kernels.js';
import { evaluationOrder, primaryTable, rowLoader, withRowErrors } from './load.js';
import type { FitKernel, StateBase } from '../transforms/index.js';
import { isTransformNode, needsFit, nodeInputs, type FeaturePlan, type PlanNode, type TransformNode } from './plan.js';
import { NUM, Runtime } from './runtime.js';
import { STATE_VERSION, type FittedState, type NodeState, type ValueType } from './state.js';
import { strayCells, straysText, timesText } from '../data/strays.js';
import { setOwn } from '../ownKey.js';

/**
 * Learns the statistics of every fitted node. A node with `fit = train` (the default) reads
 * only the rows `split` assigns to train (0); `fit = all`, or `split = null`, reads every
 * row. Fitted nodes are fitted in waves: a node whose input depends on another fitted node
 * (standardize of a feature that is itself min_max'ed) waits for it, so it sees the same
 * values the model will.
 */
export function fitPlan(
  plan: FeaturePlan,
  data: EngineData,
  split: Uint8Array | null,
  opts: { history?: HistoryIndex } = {},
): FittedState {
  const table = primaryTable(plan, data.tables);
  if (split && split.length !== table.rowCount) {
    throw new PlanError(`the split covers ${split.length} rows, and ${plan.primary.name} has ${table.rowCount}`, 'invalid-value');
  }
  const columns: Record<string, ValueType> = {};
  for (const node of plan.nodes) {
    if (node.kind !== 'column') continue;
    const col = getColumn(table, node.column);
    if (!col) {
      throw new PlanError(`'${node.column}' is neither a feature nor a column of ${table.source || table.name}`, 'unknown-reference', node.feature);
    }
    setOwn(columns, node.column, col.type === 'string' ? 'string' : 'number');
  }
  // A refused text column names its stray cells, as the checker does (which may have read only a sample).
  const rt = new Runtime(plan, new Map(Object.entries(columns)), (name) => {
    const col = getColumn(table, name);
    const strays = col?.type === 'string' ? strayCells(col.values) : undefined;
    return strays ? straysText(strays) : col?.type === 'string' ? timesText(col.values) : undefined;
  });
  const nodes: Record<string, NodeState> = {};
  for (const node of plan.nodes) {
    // Literal statistics are saved too, so serving reads one place.
    const literal = isTransformNode(node) && !needsFit(node) ? rt.kernels[node.id]?.fit?.literal?.(node.params) : undefined;
    if (literal) nodes[node.key] = literal as NodeState;
  }

  const waves = fitWaves(plan);
  const history = waves.length > 0 ? (opts.history ?? buildHistoryIndex(plan, data)) : undefined;
  const load = rowLoader(rt, table);
  for (const wave of waves) {
    const waveNodes = wave.map((id) => plan.nodes[id] as TransformNode);
    const order = evaluationOrder(plan, waveNodes.flatMap(inputsOf));
    const ev = new RowEvaluator(rt, history);
    const collectors = waveNodes.map((node) => new Collector(node, rt.kernels[node.id]!.fit!, rt.types[node.input] === NUM));
    const everyRow = split === null || waveNodes.some((n) => n.fit === 'all');
    let r = 0;
    withRowErrors(table, () => r, () => {
      for (r = 0; r < table.rowCount; r++) {
        const isTrain = split === null || split[r] === TRAIN;
        if (!everyRow && !isTrain) continue;
        load(ev, r);
        ev.run(order);
        for (const c of collectors) if (isTrain || c.all) c.take(ev);
      }
    });
    for (const c of collectors) {
      const s = c.finish();
      nodes[c.node.key] = s;
      rt.apply(c.node, s);
    }
  }
  return { version: STATE_VERSION, columns, nodes };
}

/**
 * The fitted nodes in waves: a node whose input depends on another fitted node is in a later
 * wave than it, so it is fitted on the values the model will see; each wave in node order. One
 * pass over the nodes in topological order (a node's wave is one more than the latest wave its
 * input's closure holds), so a plan of many models' features costs no walk per fitted node.
 */
export function fitWaves(plan: FeaturePlan): number[][] {
  const n = plan.nodes.length;
  // latest[id]: the latest wave of a fitted node in id's closure, itself included; -1 when none.
  const latest = new Int32Array(n).fill(-1);
  const waves: number[][] = [];
  for (const node of plan.nodes) {
    let w = -1;
    for (const i of nodeInputs(node)) if (latest[i] > w) w = latest[i];
    if (needsFit(node)) {
      w++;
      (waves[w] ??= []).push(node.id);
    }
    latest[node.id] = w;
  }
  return waves;
}

function inputsOf(node: PlanNode): number[] {
  return [(node as TransformNode).input];
}

/** Gathers one fitted node's input values over the fitting rows, as its fit kernel samples them. */
class Collector {
  readonly all: boolean;
  private values = new Float64Array(1024);
  private n = 0;
  private readonly categories = new Map<string, string | number>();
  private seen = 0;
  private readonly byCategory: boolean;

  constructor(
    readonly node: TransformNode,
    private readonly fit: FitKernel<unknown, StateBase>,
    private readonly numeric: boolean,
  ) {
    this.all = node.fit === 'all';
    this.byCategory = fit.sample === 'categories';
  }

  take(ev: RowEvaluator): void {
    const input = this.node.input;
    if (this.byCategory) {
      if (this.numeric) {
        const v = ev.num[input];
        if (v !== v) return;
        // A vocabulary of fractions learns each measured value as a category (the checker's
        // 'type-mismatch'): refused here too, for a check that sampled the file and saw only
        // whole numbers, where the run encoded them without a word.
        if (isFractional(v)) {
          throw new PlanError(`'${this.node.kind}' needs text or whole numbers, but its input holds fractional numbers (such as ${v} on a training row): use 'bucketize' first`, 'type-mismatch', this.node.feature);
        }
        this.seen++;
        const text = valueText(v);
        if (!this.categories.has(text)) this.categories.set(text, v);
      } else {
        const s = ev.str[input];
        if (s === null) return;
        this.seen++;
        if (!this.categories.has(s)) this.categories.set(s, s);
      }
      return;
    }
    const v = ev.num[input];
    if (v !== v) return;
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = v;
  }

  finish(): NodeState {
    const sample = {
      values: this.values.subarray(0, this.n),
      categories: this.categories,
      count: this.byCategory ? this.seen : this.n,
    };
    return this.fit.learn(sample, this.node.params) as NodeState;
  }
}
