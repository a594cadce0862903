import type { BatchResult } from './batch.js';
import type { OutputLayout } from './runtime.js';

/**
 * The columns of one batch, taken by model input: `select(features)` gives what
 * `transformBatch` gives for a plan whose inputs are `features` alone (in that order) and the
 * same fitted state: their columns, their missing and beyond counts in that order, and the
 * beyond values at their new places. A node's values do not depend on which other features a
 * plan holds, so the checker transforms the rows once for many models and judges each on its
 * own inputs. The indexes are built once per batch, so a selection costs its own columns only.
 * Given the plan's `features` (each feature's node), a feature the batch does not hold by name
 * is taken from the output with its node (a batch of `byNode`'s plan), under its own name.
 */
export class BatchColumns {
  private readonly spans: Map<string, OutputLayout['features'][number]>;
  /** The output of each node (the first naming it), for features read through `nodes`. */
  private readonly byNode = new Map<number, OutputLayout['features'][number]>();
  private readonly missing: Map<string, number>;
  private readonly beyond: Map<string, number>;
  /** The beyond values by the feature whose columns hold them: [row, column within the feature, value]. */
  private readonly beyondValues = new Map<string, Array<[number, number, number]>>();

  constructor(
    private readonly batch: BatchResult,
    layout: OutputLayout,
    private readonly nodes?: ReadonlyMap<string, number>,
  ) {
    this.spans = new Map(layout.features.map((f) => [f.feature, f]));
    if (nodes) for (const f of layout.features) if (!this.byNode.has(f.node)) this.byNode.set(f.node, f);
    this.missing = new Map(batch.missing.map((m) => [m.feature, m.count]));
    this.beyond = new Map(batch.beyond.map((m) => [m.feature, m.count]));
    if (batch.beyondValues.size === 0) return;
    const owner: string[] = [];
    for (const f of layout.features) for (let k = 0; k < f.width; k++) owner[f.offset + k] = f.feature;
    for (const [i, v] of batch.beyondValues) {
      const r = Math.floor(i / batch.width);
      const c = i - r * batch.width;
      const f = owner[c];
      let list = this.beyondValues.get(f);
      if (!list) this.beyondValues.set(f, (list = []));
      list.push([r, c - this.spans.get(f)!.offset, v]);
    }
  }

  select(features: readonly string[]): BatchResult {
    const { batch } = this;
    const spans = features.map((f) => {
      const s = this.spans.get(f) ?? this.sameNode(f);
      if (!s) throw new Error(`internal: '${f}' is not an input of the batch's plan`);
      return s;
    });
    const columns: string[] = [];
    const at: number[] = [];
    for (let j = 0; j < spans.length; j++) {
      const s = spans[j];
      const f = features[j];
      at.push(columns.length);
      for (let k = 0; k < s.width; k++) {
        const c = batch.columns[s.offset + k];
        // A column is its feature's name, or that name, '=' and a category: renamed for a feature read through its node.
        columns.push(s.feature === f ? c : f + c.slice(s.feature.length));
      }
    }
    const width = columns.length;
    const from = batch.width;
    const rows = batch.rows;
    const x = new Float32Array(rows * width);
    for (let j = 0; j < spans.length; j++) {
      const { offset, width: w } = spans[j];
      const to = at[j];
      if (w === 1) for (let r = 0; r < rows; r++) x[r * width + to] = batch.x[r * from + offset];
      else for (let r = 0; r < rows; r++) x.set(batch.x.subarray(r * from + offset, r * from + offset + w), r * width + to);
    }
    const counted = (count: Map<string, number>) => {
      const out: Array<{ feature: string; count: number }> = [];
      for (let j = 0; j < features.length; j++) {
        const n = count.get(spans[j].feature);
        if (n !== undefined) out.push({ feature: features[j], count: n });
      }
      return out;
    };
    const beyondValues = new Map<number, number>();
    for (let j = 0; j < features.length; j++) {
      for (const [r, k, v] of this.beyondValues.get(spans[j].feature) ?? []) beyondValues.set(r * width + at[j] + k, v);
    }
    return { x, rows, width, columns, missing: counted(this.missing), beyond: counted(this.beyond), beyondValues };
  }

  private sameNode(feature: string): OutputLayout['features'][number] | undefined {
    const node = this.nodes?.get(feature);
    return node === undefined ? undefined : this.byNode.get(node);
  }
}
