import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type {
  ArtifactRecord,
  Environment,
  GateResult,
  JsonValue,
  MetricPoint,
  MetricSample,
  RunRecord,
  RunStatus,
} from '../../protocol/tracking.js';
import { newRunId } from './ids.js';
import { currentOwner, ownerState, systemProbe, type LivenessProbe } from './liveness.js';
import { migrate } from './migrations.js';

export class TrackingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingError';
  }
}

export interface CreateRunInput {
  pipelineName: string;
  pipelinePath: string;
  pipelineText: string;
  backend?: string;
  seeds?: Record<string, number>;
  params?: Record<string, JsonValue>;
  dataVersions?: Record<string, string>;
  environment?: Environment;
  parentRunId?: string;
  notes?: string;
}

/** What a runner learns after the run started (the backend is chosen, data hashed). */
export interface RunPatch {
  backend?: string;
  environment?: Environment;
  dataVersions?: Record<string, string>;
  seeds?: Record<string, number>;
  notes?: string;
}

export interface FinishRunInput {
  status: Exclude<RunStatus, 'running'>;
  metrics?: Record<string, number>;
  gates?: GateResult[];
  weightsHash?: string;
  error?: string;
}

export interface ListRunsOptions {
  /** Only runs of this pipeline file (compared as stored). */
  pipelinePath?: string;
  status?: RunStatus;
  limit?: number;
}

export interface OpenStoreOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Mark runs of dead processes `interrupted` on open (default true). */
  recover?: boolean;
  /** For tests: how process liveness is judged. */
  probe?: LivenessProbe;
}

export const DB_DIR = '.mlpipe';
export const DB_FILE = 'mlpipe.db';

/** Rows per INSERT statement in `logMetrics`: fewer, larger statements are what makes batching fast. */
const METRIC_CHUNK = 64;

interface RunRow {
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
  weights_hash: string | null;
  error: string | null;
  pid: number;
  hostname: string;
  proc_identity: string | null;
  parent_run_id: string | null;
  notes: string | null;
}

/** Throws a TrackingError naming `where` when a metric point is malformed. */
export function checkPoint(p: MetricPoint, where: string): void {
  if (typeof p.key !== 'string' || p.key.length === 0) throw new TrackingError(`${where}: key must be a non-empty string`);
  if (!Number.isInteger(p.step) || p.step < 0) throw new TrackingError(`${where} (${p.key}): step must be an integer >= 0, got ${p.step}`);
  if (typeof p.value !== 'number') throw new TrackingError(`${where} (${p.key}): value must be a number, got ${typeof p.value}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function sha256Text(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}

function sha256FileSync(file: string): { sha256: string; bytes: number } {
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { sha256: 'sha256:' + hash.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

/** Sleeps the thread without burning it; used only to retry a lock at open time. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (code?.startsWith('SQLITE_BUSY_') ?? false);
}

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
  private readonly stmts;

  constructor(root: string, options: OpenStoreOptions = {}) {
    this.root = resolve(root);
    if (!existsSync(this.root) || !statSync(this.root).isDirectory()) {
      throw new TrackingError(`${this.root}: project folder does not exist`);
    }
    mkdirSync(join(this.root, DB_DIR), { recursive: true });
    // Runs and weights are local state, not source: keep them out of the user's commits.
    const ignore = join(this.root, DB_DIR, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '# created by mlpipe: run tracking state\n*\n');
    this.file = join(this.root, DB_DIR, DB_FILE);
    this.db = new Database(this.file);
    try {
      this.configure(options.busyTimeoutMs ?? 5000);
      migrate(this.db, this.file);
    } catch (e) {
      this.db.close();
      if (e instanceof Error && (e as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new TrackingError(`${this.file}: not an mlpipe tracking database (${e.message})`);
      }
      throw e;
    }
    this.stmts = this.prepare();
    if (options.recover ?? true) this.recoverInterrupted(options.probe);
  }

  private configure(busyTimeoutMs: number): void {
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Switching a fresh file to WAL needs an exclusive lock, and SQLite does not run the
    // busy handler for it: retry while another process is opening the same file.
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        this.db.pragma('journal_mode = WAL');
        break;
      } catch (e) {
        if (!isBusy(e) || Date.now() > deadline) throw e;
        pause(5 + Math.random() * 20);
      }
    }
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
  }

  private prepare() {
    const db = this.db;
    const chunkValues = Array.from({ length: METRIC_CHUNK }, () => '(@seq, ?, ?, ?, @ts)').join(', ');
    return {
      insertRun: db.prepare(
        `INSERT INTO runs (id, pipeline_name, pipeline_path, pipeline_text, pipeline_sha256, status, started_at,
           backend, seeds, params, data_versions, environment, pid, hostname, proc_identity, parent_run_id, notes)
         VALUES (@id, @pipelineName, @pipelinePath, @pipelineText, @sha, 'running', @startedAt,
           @backend, @seeds, @params, @dataVersions, @environment, @pid, @hostname, @identity, @parentRunId, @notes)`,
      ),
      runById: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?'),
      running: db.prepare<[], RunRow>(`SELECT * FROM runs WHERE status = 'running'`),
      metricOne: db.prepare('INSERT INTO metrics (run_seq, key, step, value, ts) VALUES (@seq, ?, ?, ?, @ts)'),
      metricChunk: db.prepare(`INSERT INTO metrics (run_seq, key, step, value, ts) VALUES ${chunkValues}`),
      series: db.prepare<[number, string], { key: string; step: number; value: number | null; ts: number }>(
        'SELECT key, step, value, ts FROM metrics WHERE run_seq = ? AND key = ? ORDER BY step, rowid',
      ),
      keys: db.prepare<[number], { key: string }>('SELECT DISTINCT key FROM metrics WHERE run_seq = ? ORDER BY key'),
      count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM metrics WHERE run_seq = ?'),
      finish: db.prepare(
        `UPDATE runs SET status = @status, ended_at = @endedAt, metrics = @metrics, gates = @gates,
           weights_hash = @weightsHash, error = @error WHERE seq = @seq`,
      ),
      interrupt: db.prepare(
        `UPDATE runs SET status = 'interrupted', ended_at = @endedAt, error = @error WHERE seq = @seq AND status = 'running'`,
      ),
      upsertArtifact: db.prepare(
        `INSERT INTO artifacts (run_seq, name, path, sha256, bytes) VALUES (@seq, @name, @path, @sha256, @bytes)
         ON CONFLICT (run_seq, name) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, bytes = excluded.bytes`,
      ),
      artifacts: db.prepare<[number], { name: string; path: string; sha256: string; bytes: number }>(
        'SELECT name, path, sha256, bytes FROM artifacts WHERE run_seq = ? ORDER BY name',
      ),
    };
  }

  // ---- runs ---------------------------------------------------------------------------

  createRun(input: CreateRunInput): RunRecord {
    for (const field of ['pipelineName', 'pipelinePath', 'pipelineText'] as const) {
      if (typeof input[field] !== 'string') throw new TrackingError(`createRun: ${field} must be a string`);
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
        throw e;
      }
    }
  }

  updateRun(runId: string, patch: RunPatch): RunRecord {
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
          values.dataVersions = JSON.stringify({ ...JSON.parse(row.data_versions), ...patch.dataVersions });
        }
        if (patch.seeds !== undefined) {
          sets.push('seeds = @seeds');
          values.seeds = JSON.stringify({ ...JSON.parse(row.seeds), ...patch.seeds });
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
        const merged = { ...JSON.parse(row.params), ...params };
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
    this.db
      .transaction(() => {
        const row = this.runningRow(runId, 'finish');
        this.stmts.finish.run({
          seq: row.seq,
          status: result.status,
          endedAt: Date.now(),
          metrics: JSON.stringify(result.metrics ?? {}),
          gates: JSON.stringify(result.gates ?? []),
          weightsHash: result.weightsHash ?? null,
          error: result.error ?? null,
        });
      })
      .immediate();
    return this.toRecord(this.row(runId));
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.stmts.runById.get(id);
    return row && this.toRecord(row);
  }

  /** Newest first. */
  listRuns(options: ListRunsOptions = {}): RunRecord[] {
    const where: string[] = [];
    const values: Record<string, unknown> = {};
    if (options.pipelinePath !== undefined) (where.push('pipeline_path = @path'), (values.path = options.pipelinePath));
    if (options.status !== undefined) (where.push('status = @status'), (values.status = options.status));
    const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
    const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY started_at DESC, seq DESC ${limit}`;
    return (this.db.prepare(sql).all(values) as RunRow[]).map((r) => this.toRecord(r));
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
    const rec: RunRecord = {
      id: r.id,
      pipelineName: r.pipeline_name,
      pipelinePath: r.pipeline_path,
      pipelineText: r.pipeline_text,
      pipelineSha256: r.pipeline_sha256,
      status: r.status,
      startedAt: iso(r.started_at),
      seeds: JSON.parse(r.seeds),
      params: JSON.parse(r.params),
      dataVersions: JSON.parse(r.data_versions),
      metrics: JSON.parse(r.metrics),
      gates: JSON.parse(r.gates),
      pid: r.pid,
      hostname: r.hostname,
      artifactDir: this.runDir(r.id),
    };
    if (r.ended_at !== null) rec.endedAt = iso(r.ended_at);
    if (r.backend !== null) rec.backend = r.backend;
    if (r.environment !== null) rec.environment = JSON.parse(r.environment);
    if (r.weights_hash !== null) rec.weightsHash = r.weights_hash;
    if (r.error !== null) rec.error = r.error;
    if (r.parent_run_id !== null) rec.parentRunId = r.parent_run_id;
    if (r.notes !== null) rec.notes = r.notes;
    return rec;
  }
}

export function openStore(root: string, options?: OpenStoreOptions): Store {
  return new Store(root, options);
}
