import type { z } from 'zod';
import { RunJsonColumns, type RunRecord, type RunStatus } from '../../protocol/tracking.js';
import { StoreUnusableError, TrackingError } from './errors.js';
import { rebasedPath } from './projectRoot.js';

/** A row of the `runs` table as SQLite returns it. */
export interface RunRow {
  seq: number;
  id: string;
  pipeline_name: string;
  pipeline_path: string;
  pipeline_text: string;
  pipeline_sha256: string;
  status: RunStatus;
  started_at: number;
  ended_at: number | null;
  backend: string | null;
  seeds: string;
  params: string;
  data_versions: string;
  environment: string | null;
  metrics: string;
  gates: string;
  comparisons: string;
  weights_hash: string | null;
  error: string | null;
  pid: number;
  hostname: string;
  proc_identity: string | null;
  parent_run_id: string | null;
  notes: string | null;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

type Column = keyof typeof RunJsonColumns;

/**
 * Parses and validates one JSON column of a run (`text` as stored); a damaged value is one
 * StoreUnusableError naming the file, the run and the column.
 */
export function parseColumn<C extends Column>(text: string | null, column: C, runId: string, file: string): z.infer<(typeof RunJsonColumns)[C]> {
  let value: unknown;
  try {
    value = JSON.parse(text ?? 'null');
  } catch {
    throw new StoreUnusableError(`${file}: run ${runId} has a damaged '${column}' column (not JSON)`);
  }
  const parsed = RunJsonColumns[column].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? ` at '${issue.path.join('.')}'` : '';
    throw new StoreUnusableError(`${file}: run ${runId} has a damaged '${column}' column${at}: ${issue.message}`);
  }
  return parsed.data as z.infer<(typeof RunJsonColumns)[C]>;
}

export function jsonColumn<C extends Column>(row: RunRow, column: C, file: string): z.infer<(typeof RunJsonColumns)[C]> {
  return parseColumn(row[column], column, row.id, file);
}

export function toRecord(r: RunRow, file: string, artifactDir: string, root: string): RunRecord {
  const rec: RunRecord = {
    id: r.id,
    pipelineName: r.pipeline_name,
    pipelinePath: r.pipeline_path,
    pipelineText: r.pipeline_text,
    pipelineSha256: r.pipeline_sha256,
    status: r.status,
    startedAt: iso(r.started_at),
    seeds: jsonColumn(r, 'seeds', file),
    params: jsonColumn(r, 'params', file),
    dataVersions: jsonColumn(r, 'data_versions', file),
    metrics: jsonColumn(r, 'metrics', file),
    gates: jsonColumn(r, 'gates', file),
    comparisons: jsonColumn(r, 'comparisons', file),
    pid: r.pid,
    hostname: r.hostname,
    artifactDir,
  };
  if (r.ended_at !== null) rec.endedAt = iso(r.ended_at);
  if (r.backend !== null) rec.backend = r.backend;
  if (r.environment !== null) {
    rec.environment = jsonColumn(r, 'environment', file);
    rec.pipelinePath = rebasedPath(r.pipeline_path, rec.environment?.projectRoot, root);
  }
  if (r.weights_hash !== null) rec.weightsHash = r.weights_hash;
  if (r.error !== null) rec.error = r.error;
  if (r.parent_run_id !== null) rec.parentRunId = r.parent_run_id;
  if (r.notes !== null) rec.notes = r.notes;
  return rec;
}

/** Validates what a caller asks to store in a JSON column, so a malformed value never reaches the file. */
export function checkJsonInput(column: Column, value: unknown, where: string): void {
  // What is checked is what will be stored: JSON drops undefined members.
  const parsed = RunJsonColumns[column].safeParse(JSON.parse(JSON.stringify(value) ?? 'null'));
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.length ? ` at '${issue.path.join('.')}'` : '';
  throw new TrackingError(`${where}: '${column}'${at}: ${issue.message}`);
}
