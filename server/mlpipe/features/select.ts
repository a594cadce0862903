import type { BatchResult } from './batch.js';
import type { Batch } from './complete.js';
import type { OutputLayout } from './runtime.js';

/** A model's columns of a wider batch, read in place (see `Batch`): no row is copied. */
export type BatchView = Required<Batch> & { rows: number };

/**
 * The columns of one batch, taken by model input: `select(features)` reads what `transformBatch`
 * gives for a plan whose inputs are `features` alone (in that order) and the same fitted state,
 * in place: model column k is batch column `at[k]`; their names, their missing and beyond counts
 * in that order; the beyond values by their index in the batch's `x`. A node's values do not
 * depend on which other features a plan holds, so the checker transforms the rows once for many
 * models and judges each on its own inputs. The indexes are built once per batch, so a selection
 * costs its own column names and indices only (a copy of each model's columns cost 0.52 MB a
 * check of features-used). Given the plan's `features` (each feature's node), a feature the batch
 * does not hold by name is taken from the output with its node (a batch of `byNode`'s plan),
 * under its own name.
 */
export class BatchColumns {
  private readonly spans: Map<string, OutputLayout['features'][number]>;
  /** The output of each node (the first naming it), for features read through `nodes`. */
  private readonly byNode = new Map<number, OutputLayout['features'][number]>();
  private readonly missing: Map<string, number>;
  private readonly beyond: Map<string, number>;

  constructor(
    private readonly batch: BatchResult,
    layout: OutputLayout,
    private readonly nodes?: ReadonlyMap<string, number>,
  ) {
    this.spans = new Map(layout.features.map((f) => [f.feature, f]));
    if (nodes) for (const f of layout.features) if (!this.byNode.has(f.node)) this.byNode.set(f.node, f);
    this.missing = new Map(batch.missing.map((m) => [m.feature, m.count]));
    this.beyond = new Map(batch.beyond.map((m) => [m.feature, m.count]));
  }

  select(features: readonly string[]): BatchView {
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
      for (let k = 0; k < s.width; k++) {
        const c = batch.columns[s.offset + k];
        at.push(s.offset + k);
        // A column is its feature's name, or that name, '=' and a category: renamed for a feature read through its node.
        columns.push(s.feature === f ? c : f + c.slice(s.feature.length));
      }
    }
    const counted = (count: Map<string, number>) => {
      const out: Array<{ feature: string; count: number }> = [];
      for (let j = 0; j < features.length; j++) {
        const n = count.get(spans[j].feature);
        if (n !== undefined) out.push({ feature: features[j], count: n });
      }
      return out;
    };
    return {
      x: batch.x,
      rows: batch.rows,
      width: columns.length,
      stride: batch.width,
      at,
      columns,
      missing: counted(this.missing),
      beyond: counted(this.beyond),
      beyondValues: batch.beyondValues,
    };
  }

  private sameNode(feature: string): OutputLayout['features'][number] | undefined {
    const node = this.nodes?.get(feature);
    return node === undefined ? undefined : this.byNode.get(node);
  }
}
