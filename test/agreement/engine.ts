/**
 * The runner's steps up to training, in memory: the same column builder the loader uses, the
 * same target encoding, seeded partition, feature plan, fit, batch transform and rows kept. What the
 * engine refuses comes back as the error it throws; anything else thrown is a bug.
 */
import assert from 'node:assert/strict';
import { PipelineError } from '../../server/backend/pipeline/errors.js';
import { runConfig } from '../../server/backend/pipeline/config.js';
import { refuseKeptRows } from '../../server/backend/pipeline/keptRows.js';
import { partitionRows } from '../../server/backend/pipeline/partition.js';
import { encodeTarget, type EncodedTarget } from '../../server/backend/pipeline/target.js';
import type { Binding } from '../../server/mlpipe/binder.js';
import { ColumnBuilder } from '../../server/mlpipe/data/columnBuilder.js';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import { DataError } from '../../server/mlpipe/data/errors.js';
import { getColumn, type Table } from '../../server/mlpipe/data/table.js';
import {
  compilePlan,
  completeRows,
  fitPlan,
  planInputOf,
  transformBatch,
  type CompleteRows,
  type FeaturePlan,
  type FittedState,
} from '../../server/mlpipe/features/index.js';
import { FeatureDataError, PlanError, StateError } from '../../server/mlpipe/features/errors.js';
import { serveDefaultProblems } from '../../server/mlpipe/features/row.js';
import { ServeError, servingConfig } from '../../server/backend/serve/config.js';

/** A table as the loader builds it (`server/backend/data/load.ts`): parsed cells into the column builder. */
export function tableOf(name: string, csv: string, source: string): Table {
  const { header, rows } = parseCsv(csv, source);
  const b = new ColumnBuilder(header);
  for (const r of rows) b.addRow(r);
  for (const [c, before] of b.textNeeded()) for (let r = 0; r < before; r++) b.setText(c, r, rows[r]![c] ?? null);
  return { name, source, rowCount: rows.length, columns: b.finish() };
}

/**
 * Every data block's table of a generated pipeline ('generate.ts'), from its source among
 * `files` (a lone text: every block reads it as 'events.csv').
 */
export function tablesOf(binding: Binding, files: string | Record<string, string>): Map<string, Table> {
  const all = typeof files === 'string' ? undefined : files;
  return new Map(
    [...binding.tables.entries()].map(([name, t]) => {
      const source = all && t.source && t.source in all ? t.source : 'events.csv';
      return [name, tableOf(name, all ? all[source]! : (files as string), source)];
    }),
  );
}

export type EngineOutcome =
  | { ok: true; assignment: Uint8Array; plan: FeaturePlan; state: FittedState; seeded: boolean; kept: CompleteRows; target: EncodedTarget }
  | { ok: false; error: Error; feature?: string; seeded: boolean };

/**
 * The agreement itself, both ways: a check with no error runs (`clean` counted), and a run the
 * engine refuses had a checker error (`refused` counted). `shown`: the case and its diagnostics,
 * written only for a failure.
 */
export function assertCheckAgrees(errors: readonly unknown[], engine: EngineOutcome, stats: { clean: number; refused: number }, shown: () => string): void {
  if (errors.length === 0) {
    stats.clean++;
    if (!engine.ok) assert.fail(`checker clean, engine refused: ${engine.error.message}\n${shown()}`);
  }
  // Refused with no checker error is the failure above, seen from the engine's side.
  if (!engine.ok) stats.refused++;
}

/** Errors the engine raises on purpose: a refusal with a message, never a crash. */
export function isRefusal(e: unknown): e is Error {
  return e instanceof PlanError || e instanceof PipelineError || e instanceof DataError || e instanceof FeatureDataError || e instanceof StateError;
}

/** `unseededSeed`: the seed an unseeded random split draws here (the runner draws its own). */
export function runEngine(binding: Binding, tables: Map<string, Table>, unseededSeed = 12345): EngineOutcome {
  let seeded = false;
  try {
    const cfg = runConfig(binding, 'gen');
    seeded = cfg.split.order === 'time' || cfg.split.seed !== undefined;
    const primary = binding.primary!;
    const table = tables.get(primary.name)!;
    const targetColumn = getColumn(table, primary.target!);
    if (!targetColumn) throw new PipelineError(`no target column ${primary.target}`);
    const target = encodeTarget(targetColumn, primary.source!, cfg.modelParams.task);
    const { assignment, ...parts } = partitionRows(table, primary, cfg.split, target, cfg.split.seed ?? unseededSeed);
    const plan = compilePlan(planInputOf(binding, cfg.model.name));
    const state = fitPlan(plan, { tables }, assignment);
    // The runner's refusal of a side left with no complete row, through the same function.
    const batch = transformBatch(plan, state, { tables });
    const kept = completeRows(batch, parts);
    refuseKeptRows(kept, plan, batch.missing, target, primary);
    return { ok: true, assignment, plan, state, seeded, kept, target };
  } catch (e) {
    if (!isRefusal(e)) throw e;
    return { ok: false, error: e, feature: e instanceof PlanError ? e.feature : undefined, seeded };
  }
}

/**
 * Why serving refuses to start on a file the engine fitted: its serve or monitor block as written
 * (`servingConfig`), or a serve default its field cannot take (against the fitted field types).
 * Undefined when it starts, or when the file has no serve block.
 */
export function servingRefusal(binding: Binding, engine: EngineOutcome): string | undefined {
  if (!engine.ok || !binding.blocks.has('serve')) return undefined;
  try {
    return serveDefaultProblems(engine.plan, engine.state, servingConfig(binding).defaults)[0];
  } catch (e) {
    if (e instanceof ServeError) return e.message;
    throw e;
  }
}
