import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ArtifactRecord, JsonValue, MetricPoint, MetricSample, RunRecord } from '../../protocol/tracking.js';
import { DB_DIR, isBusy, openDatabase, openDatabaseToRead, storeWritable, unusableStore } from './database.js';
import { isNoSpaceCode } from './noSpace.js';
import { sha256FileSync, sha256Text } from '../data/hash.js';
import { StoreNotWritableError, StoreUnusableError, TrackingError } from './errors.js';
import { newRunId } from './ids.js';
import { SHOWN } from './runIdHint.js';
import { checkPoint, type CreateRunInput, type FinishRunInput, type ListRunsOptions, type OpenStoreOptions, type RunPatch } from './inputs.js';
import { currentOwner, ownerState, systemProbe, type LivenessProbe } from './liveness.js';
import { checkJsonInput, iso, jsonColumn, toRecord, type RunRow } from './records.js';
import { projectRootSql, rebasedPath } from './projectRoot.js';
import { METRIC_CHUNK, prepareStatements } from './statements.js';

/** A run whose record cannot be read: what `listRunsMarked` shows in its place. */
export interface DamagedRun {
  id: string;
  pipelineName: string;
  startedAt: string;
  /** What is wrong, naming the file, the run and the column. */
  damaged: string;
}

export { DB_DIR, DB_FILE } from './database.js';
export { StoreNotWritableError, StoreUnusableError, TrackingError } from './errors.js';
export { checkPoint } from './inputs.js';
export type { CreateRunInput, FinishRunInput, ListRunsOptions, OpenStoreOptions, RunPatch } from './inputs.js';

/**
 * The run tracking store of one project: `<root>/.mlpipe/mlpipe.db` (SQLite, WAL) plus
 * artifact folders `<root>/.mlpipe/runs/<runId>/`. Safe for several processes at once:
 * every write that reads first takes the write lock up front (BEGIN IMMEDIATE), so waiting
 * goes through busy_timeout instead of failing with SQLITE_BUSY.
 */
export class Store {
  readonly root: string;
  readonly file: string;
  readonly db: Database.Database;
  private readonly stmts: ReturnType<typeof prepareStatements>;

  constructor(root: string, options: OpenStoreOptions = {}) {
    this.root = resolve(root);
    let readOnly = options.readOnly === true && !storeWritable(this.root);
    try {
      ({ db: this.db, file: this.file } = readOnly ? openDatabaseToRead(this.root, options.busyTimeoutMs ?? 5000) : openDatabase(this.root, options.busyTimeoutMs ?? 5000));
    } catch (e) {
      // Refused for a cause access(2) does not tell (a read-only mount seen as writable by root).
      if (readOnly || !(options.readOnly && e instanceof StoreNotWritableError)) throw e;
      ({ db: this.db, file: this.file } = openDatabaseToRead(this.root, options.busyTimeoutMs ?? 5000));
      readOnly = true;
    }
    try {
      this.stmts = prepareStatements(this.db);
      if ((options.recover ?? true) && !readOnly) this.recoverInterrupted(options.probe);
    } catch (e) {
      this.db.close();
      // Tables at the right version but not the right shape: someone else's file, or damaged.
      const unusable = isBusy(e) ? undefined : unusableStore(e, this.file);
      if (unusable) throw unusable;
      throw e;
    }
  }

  // ---- runs ---------------------------------------------------------------------------

  createRun(input: CreateRunInput): RunRecord {
    for (const field of ['pipelineName', 'pipelinePath', 'pipelineText'] as const) {
      if (typeof input[field] !== 'string') throw new TrackingError(`createRun: ${field} must be a string`);
    }
    for (const [column, value] of [['seeds', input.seeds], ['params', input.params], ['data_versions', input.dataVersions], ['environment', input.environment]] as const) {
      if (value !== undefined) checkJsonInput(column, value, 'createRun');
    }
    if (input.parentRunId !== undefined) this.row(input.parentRunId);
    const owner = currentOwner();
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      const id = newRunId(new Date(startedAt));
      try {
        this.stmts.insertRun.run({
          id,
          pipelineName: input.pipelineName,
          pipelinePath: input.pipelinePath,
          pipelineText: input.pipelineText,
          sha: sha256Text(input.pipelineText),
          startedAt,
          backend: input.backend ?? null,
          seeds: JSON.stringify(input.seeds ?? {}),
          params: JSON.stringify(input.params ?? {}),
          dataVersions: JSON.stringify(input.dataVersions ?? {}),
          environment: input.environment ? JSON.stringify(input.environment) : null,
          pid: owner.pid,
          hostname: owner.hostname,
          identity: owner.identity,
          parentRunId: input.parentRunId ?? null,
          notes: input.notes ?? null,
        });
        return this.toRecord(this.row(id));
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' && attempt < 5) continue; // id clash: draw again
        // A run's first write: a store it cannot write (a full disk, a read-only file) is named
        // with what to do, as opening it is, not as SQLite's bare code.
        if (isNoSpaceCode(code) || code?.startsWith('SQLITE_READONLY')) throw unusableStore(e, this.file) ?? e;
        throw e;
      }
    }
  }

  updateRun(runId: string, patch: RunPatch): RunRecord {
    for (const [column, value] of [['seeds', patch.seeds], ['data_versions', patch.dataVersions], ['environment', patch.environment]] as const) {
      if (value !== undefined) checkJsonInput(column, value, 'updateRun');
    }
    this.db
      .transaction(() => {
        const row = this.runningRow(runId, 'update');
        const sets: string[] = [];
        const values: Record<string, unknown> = { seq: row.seq };
        if (patch.backend !== undefined) (sets.push('backend = @backend'), (values.backend = patch.backend));
        if (patch.environment !== undefined) {
          sets.push('environment = @environment');
          values.environment = JSON.stringify(patch.environment);
        }
        if (patch.dataVersions !== undefined) {
          sets.push('data_versions = @dataVersions');
          values.dataVersions = JSON.stringify({ ...jsonColumn(row, 'data_versions', this.file), ...patch.dataVersions });
        }
        if (patch.seeds !== undefined) {
          sets.push('seeds = @seeds');
          values.seeds = JSON.stringify({ ...jsonColumn(row, 'seeds', this.file), ...patch.seeds });
        }
        if (patch.notes !== undefined) (sets.push('notes = @notes'), (values.notes = patch.notes));
        if (sets.length) this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE seq = @seq`).run(values);
      })
      .immediate();
    return this.toRecord(this.row(runId));
  }

  /** Merges `params` into the run's parameters (later values win). */
  logParams(runId: string, params: Record<string, JsonValue>): void {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new TrackingError('logParams: params must be an object');
    }
    this.db
      .transaction(() => {
        const row = this.runningRow(runId, 'log parameters to');
        const merged = { ...jsonColumn(row, 'params', this.file), ...params };
        this.db.prepare('UPDATE runs SET params = ? WHERE seq = ?').run(JSON.stringify(merged), row.seq);
      })
      .immediate();
  }

  /**
   * Appends metric points in one transaction: all are stored or none. Validates every
   * point before writing, so a bad point leaves the store as it was.
   */
  logMetrics(runId: string, points: readonly MetricPoint[]): void {
    for (let i = 0; i < points.length; i++) checkPoint(points[i]!, `logMetrics: point ${i}`);
    if (points.length === 0) return;
    const ts = Date.now();
    this.db
      .transaction(() => {
        const named = { seq: this.runningRow(runId, 'log metrics to').seq, ts };
        const full = points.length - (points.length % METRIC_CHUNK);
        const args: unknown[] = new Array(METRIC_CHUNK * 3);
        for (let i = 0; i < full; i += METRIC_CHUNK) {
          for (let j = 0; j < METRIC_CHUNK; j++) {
            const p = points[i + j]!;
            args[3 * j] = p.key;
            args[3 * j + 1] = p.step;
            args[3 * j + 2] = p.value;
          }
          this.stmts.metricChunk.run(...args, named);
        }
        for (let i = full; i < points.length; i++) {
          const p = points[i]!;
          this.stmts.metricOne.run(p.key, p.step, p.value, named);
        }
      })
      .immediate();
  }

  finishRun(runId: string, result: FinishRunInput): RunRecord {
    if (!['completed', 'failed', 'interrupted'].includes(result.status)) {
      throw new TrackingError(`finishRun: status must be completed, failed or interrupted, got ${String(result.status)}`);
    }
    if (result.gates !== undefined) checkJsonInput('gates', result.gates, 'finishRun');
    if (result.comparisons !== undefined) checkJsonInput('comparisons', result.comparisons, 'finishRun');
    this.db
      .transaction(() => {
        const row = this.runningRow(runId, 'finish');
        this.stmts.finish.run({
          seq: row.seq,
          status: result.status,
          endedAt: Date.now(),
          metrics: JSON.stringify(result.metrics ?? {}),
          gates: JSON.stringify(result.gates ?? []),
          comparisons: JSON.stringify(result.comparisons ?? []),
          weightsHash: result.weightsHash ?? null,
          error: result.error ?? null,
        });
      })
      .immediate();
    return this.toRecord(this.row(runId));
  }

  /** Ids that start with `prefix` (not the id itself), newest first: for `runIdHint`. */
  runIdsStartingWith(prefix: string): string[] {
    if (prefix === '') return [];
    return this.db
      .prepare<[number, string, string, number], { id: string }>('SELECT id FROM runs WHERE substr(id, 1, ?) = ? AND id <> ? ORDER BY seq DESC LIMIT ?')
      .all(prefix.length, prefix, prefix, SHOWN + 1)
      .map((r) => r.id);
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.stmts.runById.get(id);
    return row && this.toRecord(row);
  }

  /** Newest first; a run with a damaged record stops the listing (`StoreUnusableError`, naming it). */
  listRuns(options: ListRunsOptions = {}): RunRecord[] {
    return this.runRows(options).map((r) => this.toRecord(r));
  }

  /**
   * `listRuns` for showing: a run whose record cannot be read (a damaged JSON column) is kept in
   * its place as its id, pipeline, start and what is wrong, and the others are listed, so one bad
   * row never hides every other run.
   */
  listRunsMarked(options: ListRunsOptions = {}): Array<RunRecord | DamagedRun> {
    return this.runRows(options).map((r) => {
      try {
        return this.toRecord(r);
      } catch (e) {
        if (!(e instanceof StoreUnusableError)) throw e;
        return { id: r.id, pipelineName: r.pipeline_name, startedAt: iso(r.started_at), damaged: e.message };
      }
    });
  }

  private runRows(options: ListRunsOptions): RunRow[] {
    const where: string[] = [];
    const values: Record<string, unknown> = {};
    if (options.status !== undefined) (where.push('status = @status'), (values.status = options.status));
    if (options.pipelineName !== undefined) (where.push('pipeline_name = @pipelineName'), (values.pipelineName = options.pipelineName));
    if (options.startedFrom !== undefined) (where.push('started_at >= @startedFrom'), (values.startedFrom = options.startedFrom));
    if (options.pipelinePath !== undefined) {
      // Compared where the run's path is now (a moved project's runs are its runs): the few
      // columns that decide it first, then the rows.
      const candidates = this.db
        .prepare<Record<string, unknown>, { seq: number; pipeline_path: string; project_root: unknown }>(
          `SELECT seq, pipeline_path, ${projectRootSql()} AS project_root FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`,
        )
        .all(values);
      const wanted = options.pipelinePath;
      const seqs = candidates.filter((c) => rebasedPath(c.pipeline_path, c.project_root, this.root) === wanted).map((c) => c.seq);
      where.push(`seq IN (SELECT value FROM json_each(@seqs))`);
      values.seqs = JSON.stringify(seqs);
    }
    const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
    const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY started_at DESC, seq DESC ${limit}`;
    return this.db.prepare(sql).all(values) as RunRow[];
  }

  // ---- metrics ------------------------------------------------------------------------

  /** Points of one metric, by step (points logged twice for a step come in logging order). */
  getMetricSeries(runId: string, key: string): MetricSample[] {
    const seq = this.row(runId).seq;
    return this.stmts.series.all(seq, key).map((r) => ({
      key: r.key,
      step: r.step,
      value: r.value === null ? NaN : r.value,
      ts: iso(r.ts),
    }));
  }

  metricKeys(runId: string): string[] {
    return this.stmts.keys.all(this.row(runId).seq).map((r) => r.key);
  }

  countMetrics(runId: string): number {
    return this.stmts.count.get(this.row(runId).seq)!.n;
  }

  // ---- artifacts ----------------------------------------------------------------------

  /** `<root>/.mlpipe/runs/<runId>/`, created if needed. */
  artifactDir(runId: string): string {
    this.row(runId);
    const dir = this.runDir(runId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Records (or replaces) a named artifact of a run with the file's hash and size. */
  recordArtifact(runId: string, name: string, file: string): ArtifactRecord {
    if (!name) throw new TrackingError('recordArtifact: name must be non-empty');
    const row = this.row(runId);
    const path = isAbsolute(file) ? file : resolve(this.runDir(runId), file);
    let digest: { sha256: string; bytes: number };
    try {
      digest = sha256FileSync(path);
    } catch (e) {
      throw new TrackingError(`recordArtifact: ${path}: ${(e as Error).message}`);
    }
    this.stmts.upsertArtifact.run({ seq: row.seq, name, path, ...digest });
    return { runId, name, path, ...digest };
  }

  listArtifacts(runId: string): ArtifactRecord[] {
    return this.stmts.artifacts.all(this.row(runId).seq).map((a) => ({ runId, ...a }));
  }

  /** Where a run's artifacts live, without creating the folder. */
  runDir(runId: string): string {
    return join(this.root, DB_DIR, 'runs', runId);
  }

  // ---- upkeep -------------------------------------------------------------------------

  /**
   * Marks `interrupted` every running run whose process is gone (or whose pid now names a
   * different process). Returns the ids it marked. Runs from other hosts are left alone.
   */
  recoverInterrupted(probe: LivenessProbe = systemProbe): string[] {
    return this.db
      .transaction(() => {
        const marked: string[] = [];
        for (const row of this.stmts.running.all()) {
          const state = ownerState({ pid: row.pid, hostname: row.hostname, identity: row.proc_identity }, probe);
          if (state !== 'dead') continue;
          this.stmts.interrupt.run({
            seq: row.seq,
            endedAt: Date.now(),
            error: `process ${row.pid} on ${row.hostname} ended without finishing the run`,
          });
          marked.push(row.id);
        }
        return marked;
      })
      .immediate();
  }

  /** `PRAGMA integrity_check`: 'ok' or SQLite's list of problems. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('\n');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- helpers ------------------------------------------------------------------------

  /** The row of a run, or a precise error. */
  private row(runId: string): RunRow {
    const row = this.stmts.runById.get(runId);
    if (!row) throw new TrackingError(`unknown run '${runId}' in ${this.file}`);
    return row;
  }

  private runningRow(runId: string, verb: string): RunRow {
    const row = this.row(runId);
    if (row.status !== 'running') throw new TrackingError(`cannot ${verb} run ${runId}: it is ${row.status}`);
    return row;
  }

  private toRecord(r: RunRow): RunRecord {
    return toRecord(r, this.file, this.runDir(r.id), this.root);
  }

}

export function openStore(root: string, options?: OpenStoreOptions): Store {
  return new Store(root, options);
}
