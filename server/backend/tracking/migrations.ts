import type Database from 'better-sqlite3';
import { StoreUnusableError } from './errors.js';

/**
 * The schema as an append-only list: migration N takes `PRAGMA user_version` from N-1 to N.
 * Never edit a shipped migration; add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'runs, metrics, artifacts, model registry and its audit trail',
    sql: `
      CREATE TABLE runs (
        seq            INTEGER PRIMARY KEY,           -- compact key for the metric rows
        id             TEXT NOT NULL UNIQUE,
        pipeline_name  TEXT NOT NULL,
        pipeline_path  TEXT NOT NULL,
        pipeline_text  TEXT NOT NULL,
        pipeline_sha256 TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('running','completed','failed','interrupted')),
        started_at     INTEGER NOT NULL,              -- ms since epoch
        ended_at       INTEGER,
        backend        TEXT,
        seeds          TEXT NOT NULL DEFAULT '{}',    -- JSON
        params         TEXT NOT NULL DEFAULT '{}',
        data_versions  TEXT NOT NULL DEFAULT '{}',
        environment    TEXT,
        metrics        TEXT NOT NULL DEFAULT '{}',
        gates          TEXT NOT NULL DEFAULT '[]',
        weights_hash   TEXT,
        error          TEXT,
        pid            INTEGER NOT NULL,
        hostname       TEXT NOT NULL,
        proc_identity  TEXT,                          -- boot id + process start ticks, against pid reuse
        parent_run_id  TEXT REFERENCES runs(id),
        notes          TEXT
      );
      CREATE INDEX runs_by_path ON runs(pipeline_path, started_at);
      CREATE INDEX runs_by_start ON runs(started_at);
      CREATE INDEX runs_running ON runs(status) WHERE status = 'running';

      CREATE TABLE metrics (
        run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,
        key     TEXT NOT NULL,
        step    INTEGER NOT NULL,
        value   REAL,                                 -- NULL encodes NaN
        ts      INTEGER NOT NULL
      );
      -- run_seq alone: appends stay at the right edge of the index (a (run_seq, key, step)
      -- index made batched logging 3x slower); a series query scans one run's points.
      CREATE INDEX metrics_by_run ON metrics(run_seq);

      CREATE TABLE artifacts (
        run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        path    TEXT NOT NULL,
        sha256  TEXT NOT NULL,
        bytes   INTEGER NOT NULL,
        PRIMARY KEY (run_seq, name)
      );

      CREATE TABLE models (
        name       TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE model_versions (
        name       TEXT NOT NULL REFERENCES models(name),
        version    INTEGER NOT NULL,
        run_id     TEXT NOT NULL REFERENCES runs(id),
        stage      TEXT NOT NULL CHECK (stage IN ('staging','production','archived')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (name, version)
      );
      -- The rule "one production version per model", enforced by the database too.
      CREATE UNIQUE INDEX one_production ON model_versions(name) WHERE stage = 'production';
      CREATE TABLE model_audit (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT NOT NULL REFERENCES models(name),
        version    INTEGER NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ('register','promote','rollback','supersede')),
        from_stage TEXT,
        to_stage   TEXT NOT NULL,
        actor      TEXT,
        reason     TEXT,
        at         INTEGER NOT NULL
      );
      CREATE INDEX model_audit_by_name ON model_audit(name, id);
    `,
  },
  {
    version: 2,
    description: "runs.comparisons: the compare_to judgements, so a run whose gates passed says why it was not registered",
    sql: `ALTER TABLE runs ADD COLUMN comparisons TEXT NOT NULL DEFAULT '[]';`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** A store written by a newer mlpipe: refused whole, so an old version never half-reads it. */
export class SchemaTooNewError extends StoreUnusableError {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `${file}: the tracking database has schema version ${found}, newer than this mlpipe understands (${known}); ` +
        `upgrade mlpipe to open it (the file was left untouched)`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the database to `SCHEMA_VERSION`. Each step runs in its own IMMEDIATE transaction
 * that re-reads the version, so processes opening a fresh file at once migrate it once.
 */
export function migrate(db: Database.Database, file: string): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() > SCHEMA_VERSION) throw new SchemaTooNewError(file, current(), SCHEMA_VERSION);
  for (const m of MIGRATIONS) {
    db.transaction(() => {
      const v = current();
      if (v > SCHEMA_VERSION) throw new SchemaTooNewError(file, v, SCHEMA_VERSION);
      if (v >= m.version) return;
      if (v !== m.version - 1) throw new StoreUnusableError(`${file}: schema version ${v} cannot be migrated by step ${m.version}`);
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
