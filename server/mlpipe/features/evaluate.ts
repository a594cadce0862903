import type { RowValues } from '../transforms/index.js';
import { joinKey } from '../data/keys.js';
import { arithmetic, valueText } from './kernels.js';
import type { TransformNode } from './plan.js';
import { aggregateInto, lowerBound, type ColumnIndex, type HistoryIndex, type TableIndex } from './history.js';
import type { OutputLayout } from './runtime.js';
import { NUM, VEC, type Runtime } from './runtime.js';

/** A time value that the time parser rejected; callers turn it into a data or request error. */
export class TimeValueError extends Error {
  constructor(
    readonly column: string,
    readonly value: string | number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * The one per-row evaluator. Batch scoring, fitting and serving all load a row's column
 * values into the same slots and run this, so a value is computed by the same code in every
 * path (the bitwise row-vs-batch test relies on it).
 */
export class RowEvaluator implements RowValues {
  /** Numeric value of each node (NaN = missing). */
  readonly num: Float64Array;
  /** Text value of each text node (null = missing); for one_hot, the category's text. */
  readonly str: Array<string | null>;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly gs: Int32Array;
  private readonly lastTimeText: Array<string | null>;
  private readonly lastTime: Float64Array;
  private readonly tableOf: Array<TableIndex | undefined>;
  /** Each window node's history column, found once here rather than by name on every row. */
  private readonly columnOf: Array<ColumnIndex | undefined>;

  constructor(
    private readonly rt: Runtime,
    private readonly history: HistoryIndex | undefined,
  ) {
    const n = rt.plan.nodes.length;
    this.num = new Float64Array(n);
    this.str = new Array(n).fill(null);
    this.lo = new Int32Array(n);
    this.hi = new Int32Array(n);
    this.gs = new Int32Array(n);
    this.lastTimeText = new Array(n).fill(null);
    this.lastTime = new Float64Array(n);
    this.tableOf = rt.plan.nodes.map((node) => {
      if (node.kind !== 'range') return undefined;
      const t = history?.tables.get(node.table);
      if (!t) throw new Error(`internal: history index lacks ${node.table}`);
      return t;
    });
    this.columnOf = rt.plan.nodes.map((node) => (node.kind === 'window' ? this.tableOf[node.range]!.columns.get(node.column) : undefined));
    // Once, not per row: `node.value` read through the loop's many node shapes copies a fraction
    // out of its box, a 16-byte heap number per row. Nothing else writes a constant's slot.
    for (const node of rt.plan.nodes) if (node.kind === 'const') this.num[node.id] = node.value;
  }

  /** Evaluates the given nodes (topological order; column nodes already loaded). */
  run(order: Int32Array): void {
    const nodes = this.rt.plan.nodes;
    const num = this.num;
    const rt = this.rt;
    for (let k = 0; k < order.length; k++) {
      const id = order[k];
      const node = nodes[id];
      const kernels = rt.kernels[id];
      if (kernels) {
        kernels.apply(this, (node as TransformNode).input, id, rt.prepared[id]);
        continue;
      }
      switch (node.kind) {
        case 'column':
        case 'const':
          break;
        case 'time':
          this.time(id, node.input);
          break;
        case 'range':
          this.range(id, node.keyInput, node.timeInput, node.seconds);
          break;
        case 'window': {
          const col = this.columnOf[id]!;
          aggregateInto(num, id, col, node.agg, this.gs[node.range], this.lo[node.range], this.hi[node.range]);
          break;
        }
        case 'binary':
          num[id] = arithmetic(node.op, num[node.left], num[node.right]);
          break;
        case 'neg':
          num[id] = -num[node.input];
          break;
      }
    }
  }

  /** How many history rows range node `id` holds for the evaluated row (its key's rows within the window). */
  rangeRows(id: number): number {
    return this.hi[id] - this.lo[id];
  }

  isNumber(id: number): boolean {
    return this.rt.types[id] === NUM;
  }

  /** A node's value as text (numbers canonicalized), or null when missing. */
  text(id: number): string | null {
    if (this.rt.types[id] === NUM) {
      const v = this.num[id];
      return v === v ? valueText(v) : null;
    }
    return this.str[id];
  }

  /**
   * Writes time node `id`'s value into `num`, not returned: a time is far beyond a small integer,
   * so returned from a call the optimizer did not inline (whether it does depends on when each
   * site got its feedback) it is a 16-byte heap number per row.
   */
  private time(id: number, input: number): void {
    const num = this.num;
    let raw: string | number;
    if (this.rt.types[input] === NUM) {
      raw = num[input];
      if (raw !== raw) {
        num[id] = NaN;
        return;
      }
    } else {
      const s = this.str[input];
      if (s === null) {
        num[id] = NaN;
        return;
      }
      // Snapshot columns repeat the same few dates: keep the last answer.
      if (s === this.lastTimeText[id]) {
        num[id] = this.lastTime[id];
        return;
      }
      raw = s;
    }
    const history = this.history!;
    let t: number;
    try {
      t = history.parseTime(raw);
    } catch (e) {
      const node = this.rt.plan.nodes[input];
      throw new TimeValueError(node.kind === 'column' ? node.column : node.key, raw, (e as Error).message);
    }
    if (typeof raw === 'string') {
      this.lastTimeText[id] = raw;
      this.lastTime[id] = t;
    }
    num[id] = t;
  }

  private range(id: number, keyInput: number, timeInput: number | undefined, seconds: number): void {
    const table = this.tableOf[id]!;
    let g: number | undefined;
    if (this.rt.types[keyInput] === NUM) {
      const v = this.num[keyInput];
      g = v === v ? table.numericGroups.get(v) : undefined;
    } else {
      // A text key (a text column, or a request's string field) keys as its cell would: '00434' is 434.
      const key = joinKey(this.str[keyInput]);
      g = key === null ? undefined : table.groups.get(key);
    }
    if (g === undefined) {
      this.lo[id] = this.hi[id] = this.gs[id] = 0;
      return;
    }
    const gs = table.start[g];
    const ge = table.end[g];
    this.gs[id] = gs;
    if (timeInput === undefined) {
      this.lo[id] = gs;
      this.hi[id] = ge;
      return;
    }
    const asOf = this.num[timeInput];
    if (asOf !== asOf) {
      this.lo[id] = this.hi[id] = gs;
      return;
    }
    this.lo[id] = lowerBound(table.times, gs, ge, asOf - seconds);
    this.hi[id] = lowerBound(table.times, gs, ge, asOf);
  }

  /** Writes the model inputs of the evaluated row into `out` at `offset`. */
  write(layout: OutputLayout, out: Float32Array, offset: number): void {
    const types = this.rt.types;
    for (const f of layout.features) {
      const at = offset + f.offset;
      if (types[f.node] === VEC) {
        for (let j = 0; j < f.width; j++) out[at + j] = 0;
        const index = this.num[f.node];
        if (index >= 0) out[at + index] = 1;
      } else {
        out[at] = this.num[f.node];
      }
    }
  }
}
