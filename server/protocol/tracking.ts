/**
 * Plain JSON shapes of runs, models and environments: what `mlpipe runs --json` prints and
 * what the backend sends to the extension. Types only; no code.
 * Timestamps are ISO 8601 strings in UTC.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** One gate of the `evaluate` block, as the runner judged it. */
export interface GateResult {
  metric: string;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
  /** Null when the metric could not be computed. */
  actual: number | null;
  passed: boolean;
}

export interface RunRecord {
  /** Sortable by start time, e.g. `r-20261128-153012-k3m9qa`. */
  id: string;
  pipelineName: string;
  /** Path of the `.mlpipe` file as the runner gave it (absolute, or relative to the project root). */
  pipelinePath: string;
  /** The whole pipeline text the run executed, so `reproduce` needs nothing else. */
  pipelineText: string;
  /** `sha256:<hex>` of `pipelineText` (UTF-8). */
  pipelineSha256: string;
  status: RunStatus;
  startedAt: string;
  /** Absent while running. */
  endedAt?: string;
  /** The compute backend the run trained on (`cpu`, `wasm`, `webgpu`…), once known. */
  backend?: string;
  /** Seeds by role, e.g. `{ "split": 42, "model": 7 }`. */
  seeds: Record<string, number>;
  params: Record<string, JsonValue>;
  /** Data table name to `sha256:<hex>` of the file content the run read. */
  dataVersions: Record<string, string>;
  environment?: Environment;
  /** Final metrics on the test split, e.g. `{ "auc": 0.91 }`. */
  metrics: Record<string, number>;
  gates: GateResult[];
  /** `sha256:<hex>` of the saved weights. */
  weightsHash?: string;
  /** Why the run failed or was interrupted. */
  error?: string;
  /** Process that ran (or runs) it, and on which host. */
  pid: number;
  hostname: string;
  /** The run this one reproduces (`mlpipe reproduce`). */
  parentRunId?: string;
  notes?: string;
  /** Absolute path of the run's artifact folder, `<root>/.mlpipe/runs/<id>`. */
  artifactDir: string;
}

export interface MetricPoint {
  key: string;
  /** Epoch or step number, an integer >= 0. */
  step: number;
  /** NaN and infinities are kept (a diverging loss is worth seeing). */
  value: number;
}

export interface MetricSample extends MetricPoint {
  /** When the point was logged. */
  ts: string;
}

export interface ArtifactRecord {
  runId: string;
  name: string;
  /** Absolute path. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface Environment {
  capturedAt: string;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  hostname: string;
  /** Version of `@tensorflow/tfjs` as installed, if it resolves. */
  tfjsVersion?: string;
  /** Filled in by the runner once a compute backend is chosen. */
  backend?: BackendInfo;
  lockfile?: { path: string; sha256?: string; error?: string };
  git?: GitState;
}

export interface BackendInfo {
  name: string;
  version?: string;
  /** GPU adapter description for webgpu. */
  adapter?: string;
  /** Why the runner chose this backend (the request, `deterministic`, what `auto` measured). */
  reason?: string;
  /** Whether the backend promises bitwise-identical weights on a repeat. */
  deterministic?: boolean;
}

export interface GitState {
  /** Absent when the folder is not in a git work tree or git is not installed. */
  commit?: string;
  dirty?: boolean;
  /** `git diff HEAD` of tracked files, capped at `diffCapBytes`. */
  diff?: string;
  diffTruncated?: boolean;
  /** Why git information is missing, when it is. */
  error?: string;
}

/** Stages of a registered model version. At most one version of a model is in `production`. */
export type Stage = 'staging' | 'production' | 'archived';

export interface ModelVersionRecord {
  name: string;
  version: number;
  runId: string;
  stage: Stage;
  createdAt: string;
  /** When the stage last changed. */
  updatedAt: string;
  artifactDir: string;
  /** The run's final test metrics. */
  metrics: Record<string, number>;
  pipelinePath: string;
}

export interface ModelRecord {
  name: string;
  createdAt: string;
  latestVersion: number;
  /** Null when no version is in production. */
  productionVersion: number | null;
  versions: ModelVersionRecord[];
}

export type AuditAction =
  | 'register'
  | 'promote'
  | 'rollback'
  /** The previous production version, archived because another took its place. */
  | 'supersede';

export interface AuditEntry {
  id: number;
  name: string;
  version: number;
  action: AuditAction;
  /** Null for `register`. */
  fromStage: Stage | null;
  toStage: Stage;
  actor?: string;
  reason?: string;
  at: string;
}
