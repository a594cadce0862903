import type { ComparisonResult, Environment, GateResult, JsonValue, MetricPoint, RunStatus } from '../../protocol/tracking.js';
import { TrackingError } from './errors.js';
import type { LivenessProbe } from './liveness.js';

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
  comparisons?: ComparisonResult[];
  weightsHash?: string;
  error?: string;
}

export interface ListRunsOptions {
  /** Only runs of this pipeline file (an absolute path, compared where the run's pipeline is now: `projectRoot.ts`). */
  pipelinePath?: string;
  status?: RunStatus;
  /** Only runs of this pipeline name (the file's `pipeline` line). */
  pipelineName?: string;
  /** Only runs started at or after this time (ms since the epoch). */
  startedFrom?: number;
  limit?: number;
}

export interface OpenStoreOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Mark runs of dead processes `interrupted` on open (default true). */
  recover?: boolean;
  /** For tests: how process liveness is judged. */
  probe?: LivenessProbe;
  /**
   * The caller only reads: a store this user may not write is opened read-only (no recovery, no
   * migration) instead of refused. A write through it then fails as SQLite's SQLITE_READONLY.
   */
  readOnly?: boolean;
}

/** Throws a TrackingError naming `where` when a metric point is malformed. */
export function checkPoint(p: MetricPoint, where: string): void {
  if (typeof p.key !== 'string' || p.key.length === 0) throw new TrackingError(`${where}: key must be a non-empty string`);
  if (!Number.isInteger(p.step) || p.step < 0) throw new TrackingError(`${where} (${p.key}): step must be an integer >= 0, got ${p.step}`);
  if (typeof p.value !== 'number') throw new TrackingError(`${where} (${p.key}): value must be a number, got ${typeof p.value}`);
}
