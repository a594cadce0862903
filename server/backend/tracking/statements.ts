import type Database from 'better-sqlite3';
import type { RunRow } from './records.js';

/** Rows per INSERT statement in `logMetrics`: fewer, larger statements are what makes batching fast. */
export const METRIC_CHUNK = 64;

/** The store's fixed statements, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
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
      `UPDATE runs SET status = @status, ended_at = @endedAt, metrics = @metrics, gates = @gates, comparisons = @comparisons,
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
