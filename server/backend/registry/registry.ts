import type { ArtifactRecord, AuditAction, AuditEntry, ModelRecord, ModelVersionRecord, Stage } from '../../protocol/tracking.js';
import { parseColumn } from '../tracking/records.js';
import { StoreUnusableError, TrackingError } from '../tracking/errors.js';
import type { Store } from '../tracking/store.js';
import { RegistryError, unknownRunToRegister } from './errors.js';
import { runIdHint } from '../tracking/runIdHint.js';
import { checkModelName, unknownModel } from './modelNames.js';
import { projectRootSql, rebasedPath } from '../tracking/projectRoot.js';
import { REGISTER_STAGES, STAGES } from '../../mlpipe/language/keywords.js';

export { RegistryError } from './errors.js';

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Who changed a stage, and why; both end up in the audit trail. */
export interface ChangeOptions {
  actor?: string;
  reason?: string;
}

/** A version number, a stage name, `latest`, or a number written as a string (`"3"`). */
export type VersionSelector = number | Stage | 'latest' | string;

interface VersionRow {
  name: string;
  version: number;
  run_id: string;
  stage: Stage;
  created_at: number;
  updated_at: number;
  metrics: string;
  pipeline_path: string;
  project_root: unknown;
}

interface AuditRow {
  id: number;
  name: string;
  version: number;
  action: AuditAction;
  from_stage: Stage | null;
  to_stage: Stage;
  actor: string | null;
  reason: string | null;
  at: number;
  run_id: string;
}

const VERSION_SELECT = `SELECT v.name, v.version, v.run_id, v.stage, v.created_at, v.updated_at, r.metrics, r.pipeline_path, ${projectRootSql('r')} AS project_root
  FROM model_versions v JOIN runs r ON r.id = v.run_id`;

/**
 * Named models with integer versions 1, 2, 3…, each pointing at a completed run. At most one
 * version per model is in production: putting a version there archives the one it replaces.
 * Every stage change is one IMMEDIATE transaction that also writes its audit entries.
 */
export class Registry {
  // Private: a caller that reached into the store for a version's files bypassed the one reading
  // of what a load checks them against (`recordedArtifacts`).
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  register(name: string, runId: string, stage: Stage = 'staging', options: ChangeOptions = {}): ModelVersionRecord {
    checkModelName(name);
    if (!(REGISTER_STAGES as readonly string[]).includes(stage)) {
      throw new RegistryError(`invalid stage '${String(stage)}' for a new version of ${name}: use ${REGISTER_STAGES.join(' or ')}`);
    }
    const version = this.db
      .transaction(() => {
        const run = this.store.getRun(runId);
        if (!run) throw unknownRunToRegister(name, runId, runIdHint(this.store.runIdsStartingWith(runId)));
        if (run.status !== 'completed') {
          throw new RegistryError(`cannot register ${name} from run ${runId}: the run is ${run.status}, not completed`);
        }
        const dup = this.db
          .prepare<[string, string], { version: number }>('SELECT version FROM model_versions WHERE name = ? AND run_id = ?')
          .get(name, runId);
        if (dup) throw new RegistryError(`run ${runId} is already version ${dup.version} of ${name}`);
        const now = Date.now();
        this.db.prepare('INSERT OR IGNORE INTO models (name, created_at) VALUES (?, ?)').run(name, now);
        const next =
          this.db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM model_versions WHERE name = ?').get(name)!.v ?? 0;
        const version = next + 1;
        if (stage === 'production') this.supersede(name, version, now, options, 'register');
        this.db
          .prepare('INSERT INTO model_versions (name, version, run_id, stage, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(name, version, runId, stage, now, now);
        this.audit(name, version, 'register', null, stage, now, options);
        return version;
      })
      .immediate();
    return this.getVersion(name, version);
  }

  /** Moves a version to `stage`. Moving to the stage it is already in changes nothing. */
  promote(name: string, version: number, stage: Stage, options: ChangeOptions = {}): ModelVersionRecord {
    if (!isStage(stage)) throw new RegistryError(`invalid stage '${String(stage)}': use ${STAGES.join(', ')}`);
    this.db
      .transaction(() => {
        const current = this.versionRow(name, version);
        if (current.stage === stage) return;
        const now = Date.now();
        if (stage === 'production') this.supersede(name, version, now, options, 'promote');
        this.setStage(name, version, stage, now);
        this.audit(name, version, 'promote', current.stage, stage, now, options);
      })
      .immediate();
    return this.getVersion(name, version);
  }

  /**
   * Puts the version that was in production before the current one back into production and
   * archives the current one. "Before" follows the audit trail: promotions push onto a
   * history, rollbacks pop it, so rolling back twice goes two steps back.
   */
  rollback(name: string, options: ChangeOptions = {}): ModelVersionRecord {
    const restored = this.db
      .transaction(() => {
        this.modelExists(name);
        const current = this.db
          .prepare<[string], { version: number }>(`SELECT version FROM model_versions WHERE name = ? AND stage = 'production'`)
          .get(name);
        if (!current) throw new RegistryError(`cannot roll back ${name}: no version is in production`);
        const history = this.productionHistory(name);
        while (history.length && history[history.length - 1] === current.version) history.pop();
        const target = history[history.length - 1];
        if (target === undefined) {
          throw new RegistryError(`cannot roll back ${name}: version ${current.version} is the first version it had in production`);
        }
        const from = this.versionRow(name, target).stage;
        const now = Date.now();
        const why = options.reason ?? `rolled back to version ${target}`;
        this.setStage(name, current.version, 'archived', now);
        this.audit(name, current.version, 'supersede', 'production', 'archived', now, { actor: options.actor, reason: why });
        this.setStage(name, target, 'production', now);
        this.audit(name, target, 'rollback', from, 'production', now, options);
        return target;
      })
      .immediate();
    return this.getVersion(name, restored);
  }

  getVersion(name: string, selector: VersionSelector): ModelVersionRecord {
    this.modelExists(name);
    let row: VersionRow | undefined;
    const asNumber = typeof selector === 'number' ? selector : /^[0-9]+$/.test(selector) ? Number(selector) : undefined;
    if (asNumber !== undefined) {
      row = this.db.prepare<[string, number], VersionRow>(`${VERSION_SELECT} WHERE v.name = ? AND v.version = ?`).get(name, asNumber);
      if (!row) throw new RegistryError(`${name} has no version ${selector} (latest is ${this.latest(name)})`);
    } else if (selector === 'latest') {
      row = this.db.prepare<[string], VersionRow>(`${VERSION_SELECT} WHERE v.name = ? ORDER BY v.version DESC LIMIT 1`).get(name);
    } else if (isStage(selector)) {
      // Several versions may be in staging (or archived): the newest one is meant.
      row = this.db
        .prepare<[string, string], VersionRow>(`${VERSION_SELECT} WHERE v.name = ? AND v.stage = ? ORDER BY v.version DESC LIMIT 1`)
        .get(name, selector);
      if (!row) throw new RegistryError(`${name} has no version in ${selector}`);
    } else {
      throw new RegistryError(`invalid version selector '${selector}' for ${name}: use a version number, latest, or ${STAGES.join(', ')}`);
    }
    return this.toRecord(row!);
  }

  /**
   * Oldest version first. `marked`: a version whose run's metrics cannot be read is listed with
   * no metrics and `damaged` saying why, instead of failing the listing.
   */
  listVersions(name: string, marked = false): ModelVersionRecord[] {
    this.modelExists(name);
    return this.db
      .prepare<[string], VersionRow>(`${VERSION_SELECT} WHERE v.name = ? ORDER BY v.version`)
      .all(name)
      .map((r) => {
        if (!marked) return this.toRecord(r);
        try {
          return this.toRecord(r);
        } catch (e) {
          if (!(e instanceof StoreUnusableError)) throw e;
          return { ...this.toRecord({ ...r, metrics: '{}' }), damaged: e.message };
        }
      });
  }

  /**
   * The files `version`'s run recorded when it completed (name and sha256), which a load of its
   * model checks them against (`assertAsRecorded`); none when the run's record is gone: there is
   * nothing to compare with.
   */
  recordedArtifacts(version: Pick<ModelVersionRecord, 'runId'>): ArtifactRecord[] {
    try {
      return this.store.listArtifacts(version.runId);
    } catch (e) {
      if (e instanceof TrackingError) return [];
      throw e;
    }
  }

  /** By name. */
  listModels(): ModelRecord[] {
    const models = this.db.prepare<[], { name: string; created_at: number }>('SELECT name, created_at FROM models ORDER BY name').all();
    return models.map((m) => {
      const versions = this.listVersions(m.name, true);
      return {
        name: m.name,
        createdAt: new Date(m.created_at).toISOString(),
        latestVersion: versions[versions.length - 1]?.version ?? 0,
        productionVersion: versions.find((v) => v.stage === 'production')?.version ?? null,
        versions,
      };
    });
  }

  /** Oldest entry first, each with the run its version points at. */
  auditLog(name: string): AuditEntry[] {
    this.modelExists(name);
    return this.db
      .prepare<[string], AuditRow>(
        `SELECT a.*, v.run_id FROM model_audit a JOIN model_versions v ON v.name = a.name AND v.version = a.version WHERE a.name = ? ORDER BY a.id`,
      )
      .all(name)
      .map((a) => {
        const entry: AuditEntry = {
          id: a.id,
          name: a.name,
          version: a.version,
          action: a.action,
          fromStage: a.from_stage,
          toStage: a.to_stage,
          at: new Date(a.at).toISOString(),
          runId: a.run_id,
        };
        if (a.actor !== null) entry.actor = a.actor;
        if (a.reason !== null) entry.reason = a.reason;
        return entry;
      });
  }

  // ---- helpers ------------------------------------------------------------------------

  /** Archives the production version (if any) that `incoming` replaces. */
  private supersede(name: string, incoming: number, now: number, options: ChangeOptions, cause: string): void {
    const prod = this.db
      .prepare<[string], { version: number }>(`SELECT version FROM model_versions WHERE name = ? AND stage = 'production'`)
      .get(name);
    if (!prod || prod.version === incoming) return;
    this.setStage(name, prod.version, 'archived', now);
    this.audit(name, prod.version, 'supersede', 'production', 'archived', now, {
      actor: options.actor,
      reason: `replaced in production by version ${incoming} (${cause})`,
    });
  }

  /** Versions in the order they entered production, with rolled-back ones popped off. */
  private productionHistory(name: string): number[] {
    const rows = this.db
      .prepare<[string], { version: number; action: AuditAction }>(
        `SELECT version, action FROM model_audit WHERE name = ? AND to_stage = 'production' ORDER BY id`,
      )
      .all(name);
    const stack: number[] = [];
    for (const r of rows) {
      if (r.action === 'rollback') {
        while (stack.length && stack[stack.length - 1] !== r.version) stack.pop();
        if (!stack.length) stack.push(r.version);
      } else {
        stack.push(r.version);
      }
    }
    return stack;
  }

  private setStage(name: string, version: number, stage: Stage, now: number): void {
    this.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE name = ? AND version = ?').run(stage, now, name, version);
  }

  private audit(name: string, version: number, action: AuditAction, from: Stage | null, to: Stage, now: number, o: ChangeOptions): void {
    this.db
      .prepare('INSERT INTO model_audit (name, version, action, from_stage, to_stage, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(name, version, action, from, to, o.actor ?? null, o.reason ?? null, now);
  }

  private modelExists(name: string): void {
    checkModelName(name);
    if (this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(name)) return;
    throw unknownModel(name, this.db.prepare<[], { name: string }>('SELECT name FROM models ORDER BY name').all().map((r) => r.name));
  }

  private latest(name: string): number {
    return this.db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM model_versions WHERE name = ?').get(name)!.v ?? 0;
  }

  private versionRow(name: string, version: number): VersionRow {
    this.modelExists(name);
    if (!Number.isInteger(version) || version < 1) throw new RegistryError(`invalid version ${version} of ${name}: versions are 1, 2, 3…`);
    const row = this.db.prepare<[string, number], VersionRow>(`${VERSION_SELECT} WHERE v.name = ? AND v.version = ?`).get(name, version);
    if (!row) throw new RegistryError(`${name} has no version ${version} (latest is ${this.latest(name)})`);
    return row;
  }

  private toRecord(r: VersionRow): ModelVersionRecord {
    return {
      name: r.name,
      version: r.version,
      runId: r.run_id,
      stage: r.stage,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      artifactDir: this.store.runDir(r.run_id),
      metrics: parseColumn(r.metrics, 'metrics', r.run_id, this.store.file),
      pipelinePath: rebasedPath(r.pipeline_path, r.project_root, this.store.root),
    };
  }
}

export function openRegistry(store: Store): Registry {
  return new Registry(store);
}
