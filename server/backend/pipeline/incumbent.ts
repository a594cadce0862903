/**
 * `compare_to` judged on the same rows: the incumbent (the version at that stage) scores this
 * run's test rows with its own features, fitted state and weights, so both models meet the same
 * data. Its recorded metrics came from its own test split, often of older data: after drift the
 * world may be harder (every retrain would look worse than a number the incumbent could no
 * longer reach) or easier (a worse candidate would pass). The recorded metrics are the fallback
 * only when the incumbent cannot read this data, and the comparison then says why.
 */
import type { Table } from '../../mlpipe/data/table.js';
import type { Incumbent } from '../../mlpipe/evaluate/gates.js';
import { FeatureDataError, isUnusableInput, PlanError, StateError, transformBatch } from '../../mlpipe/features/index.js';
import { computeMetrics } from '../../mlpipe/metrics/index.js';
import { interruptionPoint, predictInSlices } from '../interruptible.js';
import type { ArtifactRecord } from '../../protocol/tracking.js';
import { loadRunArtifacts } from './artifacts.js';
import { gatherRows } from './rows.js';
import { hasFingerprint, readTrainedRows, rowFingerprints } from './trainedRows.js';
import type { EncodedTarget } from './target.js';

export interface IncumbentScore {
  incumbent: Incumbent;
  /**
   * The candidate's metrics on the rows the incumbent was scored on (`incumbent.rows`, every
   * input of each model usable); absent when the incumbent's recorded metrics stand in.
   */
  candidate?: Record<string, number>;
  /** The labels of the rows both were scored on, with `candidate` (why a metric was not computed on them). */
  y?: Float32Array;
}

export interface IncumbentInput {
  version: number;
  artifactDir: string;
  /** What the store recorded for the incumbent's run (`Registry.recordedArtifacts`). */
  artifacts: readonly ArtifactRecord[];
  /** Metrics recorded when the incumbent was trained: the fallback. */
  recorded: Record<string, number>;
  /** Every table this run loaded, by name. */
  tables: ReadonlyMap<string, Table>;
  /** This run's test rows (primary-table row numbers), in the order of `y` and `predictions`. */
  testRows: number[];
  y: Float32Array;
  /** The candidate's predictions on the test rows (one value per row, or one per class). */
  predictions: Float32Array;
  target: Pick<EncodedTarget, 'task' | 'classes' | 'labels'>;
  /** Stops the incumbent's scoring (an interrupted run). */
  signal?: AbortSignal;
}

function defined(m: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = v;
  return out;
}

function sameLabels(a: string[] | undefined, b: string[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((l, i) => l === b![i]);
}

export async function scoreIncumbent(input: IncumbentInput): Promise<IncumbentScore> {
  const { version, target } = input;
  const recorded = (why: string): IncumbentScore => ({ incumbent: { version, metrics: input.recorded, basis: 'recorded', why } });
  let loaded;
  try {
    loaded = await loadRunArtifacts(input.artifactDir, input.artifacts);
  } catch (e) {
    return recorded(`its artifacts cannot be read (${(e as Error).message})`);
  }
  try {
    if (loaded.meta.task !== target.task) return recorded(`it was trained for ${loaded.meta.task}, this run for ${target.task}`);
    if (target.task !== 'regression' && !sameLabels(loaded.meta.labels, target.labels)) {
      return recorded(`its classes (${(loaded.meta.labels ?? []).join(', ')}) differ from this data's (${(target.labels ?? []).join(', ')})`);
    }
    let batch;
    try {
      batch = transformBatch(loaded.plan, loaded.state, { tables: input.tables }, { rows: input.testRows });
    } catch (e) {
      if (e instanceof PlanError || e instanceof FeatureDataError || e instanceof StateError) return recorded(`it cannot compute its features on this data (${e.message})`);
      throw e;
    }
    const { x, width } = batch;
    // Rows the incumbent trained on are left out of both sides: it fits them better than rows it
    // never saw. Versions saved before their training rows were kept are judged on every row.
    let trained: Float64Array | undefined;
    try {
      trained = await readTrainedRows(input.artifactDir);
    } catch (e) {
      return recorded((e as Error).message);
    }
    const primary = input.tables.get(loaded.meta.primary);
    const fingerprints = trained && primary && loaded.meta.dataColumns ? rowFingerprints(primary, loaded.meta.dataColumns, input.testRows) : undefined;
    const kept: number[] = [];
    let trainedOn = 0;
    let usable = 0;
    rows: for (let i = 0; i < batch.rows; i++) {
      for (let k = 0; k < width; k++) {
        if (isUnusableInput(x[i * width + k])) continue rows;
      }
      usable++;
      if (fingerprints && hasFingerprint(trained!, fingerprints[i])) {
        trainedOn++;
        continue;
      }
      kept.push(i);
    }
    if (usable === 0) return recorded(`none of this run's ${batch.rows} test rows has every input it reads`);
    if (kept.length === 0) return recorded(`it trained on every one of this run's ${usable} test rows it can score`);
    const all = kept.length === batch.rows;
    const xs = all ? x : gatherRows(x, width, kept);
    const theirs = await predictInSlices((rows, n) => loaded.model.predict(rows, n), xs, kept.length, width, interruptionPoint(input.signal, `while scoring version ${version} for compare_to`));
    const y = all ? input.y : Float32Array.from(kept, (i) => input.y[i]);
    const perRow = input.predictions.length / input.testRows.length;
    const ours = all ? input.predictions : gatherRows(input.predictions, perRow, kept);
    return {
      incumbent: { version, metrics: defined(computeMetrics(target.task, y, theirs, target.classes)), basis: 'test-rows', rows: kept.length, ...(trainedOn ? { trainedOn } : {}) },
      candidate: defined(computeMetrics(target.task, y, ours, target.classes)),
      y,
    };
  } finally {
    loaded.model.dispose();
  }
}
