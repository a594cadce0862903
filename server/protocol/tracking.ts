/**
 * JSON shapes of runs, models and environments: what `mlpipe runs --json` and `mlpipe models
 * --json` print, what the store keeps in its JSON columns and what the backend sends to the
 * extension. Each shape is declared once, as a zod schema (pure: no I/O), and its type is
 * derived from it; readers validate with the schema where the JSON comes in.
 * Timestamps are ISO 8601 strings in UTC.
 */
import { z } from 'zod';
import { STAGES } from '../mlpipe/language/keywords.js';
import { namedRecord } from './namedRecord.js';

export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

export const RUN_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/** Stages of a registered model version. At most one version of a model is in `production`. */
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const GATE_OPS = ['>', '>=', '<', '<='] as const;

/** One gate of the `evaluate` block, as the runner judged it. */
export const GateResult = z.object({
  metric: z.string(),
  op: z.enum(GATE_OPS),
  threshold: z.number(),
  /** Null when the metric could not be computed. */
  actual: z.number().nullable(),
  passed: z.boolean(),
  /** Why `actual` is null (a test split of one class for AUC), or why a failed gate's value is the test rows' doing (r2 over one target value), when known. */
  reason: z.string().optional(),
});
export type GateResult = z.infer<typeof GateResult>;

/** One `compare_to` judgement: the candidate against the version at that stage, on one gated metric. */
export const ComparisonResult = z.object({
  stage: z.string(),
  /** Absent when no version held that stage (the comparison then passes). */
  version: z.number().int().positive().optional(),
  metric: z.string(),
  candidate: z.number().nullable(),
  incumbent: z.number().nullable(),
  passed: z.boolean(),
  /** `test-rows`: both scored on this run's test rows (`rows`); `recorded`: the incumbent's own run's metrics (`why`). */
  basis: z.enum(['test-rows', 'recorded']).optional(),
  rows: z.number().int().nonnegative().optional(),
  /** Of this run's test rows, those left out of `rows` because the incumbent trained on them. */
  trainedOn: z.number().int().positive().optional(),
  why: z.string().optional(),
  /** Why `candidate` is null, when known (AUC over compared rows of one class): the versions could not be compared. */
  reason: z.string().optional(),
});
export type ComparisonResult = z.infer<typeof ComparisonResult>;

export const BackendInfo = z.object({
  name: z.string(),
  version: z.string().optional(),
  /** GPU adapter description for webgpu. */
  adapter: z.string().optional(),
  /** Why the runner chose this backend (the request, `deterministic`, what `auto` measured). */
  reason: z.string().optional(),
  /** Whether the backend promises bitwise-identical weights on a repeat. */
  deterministic: z.boolean().optional(),
  /** Training threads (the wasm engine uses them): 1 under 'deterministic = true'. */
  threads: z.number().int().positive().optional(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

export const GitState = z.object({
  /** Absent when the folder is not in a git work tree or git is not installed. */
  commit: z.string().optional(),
  dirty: z.boolean().optional(),
  /** `git diff HEAD` of tracked files, capped at `diffCapBytes`. */
  diff: z.string().optional(),
  diffTruncated: z.boolean().optional(),
  /** Why git information is missing, when it is. */
  error: z.string().optional(),
});
export type GitState = z.infer<typeof GitState>;

export const Environment = z.object({
  capturedAt: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  osRelease: z.string(),
  cpuModel: z.string(),
  cpuCount: z.number(),
  totalMemoryBytes: z.number(),
  hostname: z.string(),
  /** Version of `@tensorflow/tfjs` as installed, if it resolves. */
  tfjsVersion: z.string().optional(),
  /** Filled in by the runner once a compute backend is chosen. */
  backend: BackendInfo.optional(),
  lockfile: z.object({ path: z.string(), sha256: z.string().optional(), error: z.string().optional() }).optional(),
  git: GitState.optional(),
  /**
   * The settings the model trained with, defaults filled in (`server/backend/train/defaults.ts`);
   * absent for runs before 0.2, which trained with that version's defaults.
   */
  training: z.object({ epochs: z.number(), batchSize: z.number(), learningRate: z.number(), optimizer: z.string() }).optional(),
  /** The project folder the run store was in when the run began (absolute; `tracking/projectRoot.ts`). */
  projectRoot: z.string().optional(),
});
export type Environment = z.infer<typeof Environment>;

/** `sha256:<hex>` of some bytes. */
export const Sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** A metric value as stored: JSON has no NaN or infinities, so those come back as null. */
const MetricValues = z.record(z.string(), z.number().nullable().transform((v) => (v === null ? NaN : v)));

export const RunRecord = z.object({
  /** Sortable by start time, e.g. `r-20261128-153012-k3m9qa`. */
  id: z.string(),
  pipelineName: z.string(),
  /** Path of the `.mlpipe` file as the runner gave it (absolute, or relative to the project root). */
  pipelinePath: z.string(),
  /** The whole pipeline text the run executed, so `reproduce` needs nothing else. */
  pipelineText: z.string(),
  /** `sha256:<hex>` of `pipelineText` (UTF-8). */
  pipelineSha256: z.string(),
  status: RunStatus,
  startedAt: z.string(),
  /** Absent while running. */
  endedAt: z.string().optional(),
  /** The compute backend the run trained on (`cpu`, `wasm`, `webgpu`…), once known. */
  backend: z.string().optional(),
  /** Seeds by role, e.g. `{ "split": 42, "model": 7 }`. */
  seeds: z.record(z.string(), z.number()),
  params: z.record(z.string(), JsonValue),
  /** Data table name to `sha256:<hex>` of the file content the run read. */
  dataVersions: namedRecord(z.string()),
  environment: Environment.optional(),
  /** Final metrics on the test split, e.g. `{ "auc": 0.91 }`. */
  metrics: MetricValues,
  gates: z.array(GateResult),
  /** `compare_to` judgements; empty without `compare_to` (and for runs stored before schema 2). */
  comparisons: z.array(ComparisonResult),
  /** `sha256:<hex>` of the saved weights. */
  weightsHash: z.string().optional(),
  /** Why the run failed or was interrupted. */
  error: z.string().optional(),
  /** Process that ran (or runs) it, and on which host. */
  pid: z.number(),
  hostname: z.string(),
  /** The run this one reproduces (`mlpipe reproduce`). */
  parentRunId: z.string().optional(),
  notes: z.string().optional(),
  /** Absolute path of the run's artifact folder, `<root>/.mlpipe/runs/<id>`. */
  artifactDir: z.string(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** The JSON columns of a stored run, validated when a row is read. */
export const RunJsonColumns = {
  seeds: RunRecord.shape.seeds,
  params: RunRecord.shape.params,
  data_versions: RunRecord.shape.dataVersions,
  environment: Environment,
  metrics: RunRecord.shape.metrics,
  gates: RunRecord.shape.gates,
  comparisons: RunRecord.shape.comparisons,
} as const;

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

export const ModelVersionRecord = z.object({
  name: z.string(),
  version: z.number().int().positive(),
  runId: z.string(),
  stage: Stage,
  createdAt: z.string(),
  /** When the stage last changed. */
  updatedAt: z.string(),
  artifactDir: z.string(),
  /** The run's final test metrics. */
  metrics: MetricValues,
  pipelinePath: z.string(),
  /** Listings only: why the version's run record cannot be read (its metrics are then empty). */
  damaged: z.string().optional(),
});
export type ModelVersionRecord = z.infer<typeof ModelVersionRecord>;

export const ModelRecord = z.object({
  name: z.string(),
  createdAt: z.string(),
  latestVersion: z.number().int().nonnegative(),
  /** Null when no version is in production. */
  productionVersion: z.number().int().positive().nullable(),
  versions: z.array(ModelVersionRecord),
});
export type ModelRecord = z.infer<typeof ModelRecord>;

/**
 * `register`; `promote`; `rollback`; `supersede`: the previous production version, archived
 * because another took its place.
 */
export const AUDIT_ACTIONS = ['register', 'promote', 'rollback', 'supersede'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One stage transition in the registry's audit trail (`model_audit`), with the run its version
 * points at: what `mlpipe models NAME --json` prints and the editor's Models view reads.
 */
export const AuditEntry = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.number().int().positive(),
  action: z.enum(AUDIT_ACTIONS),
  /** Null for `register`. */
  fromStage: Stage.nullable(),
  toStage: Stage,
  /** Who made the change (`mlpipe promote`, `mlpipe editor`, `mlpipe run`…), when recorded. */
  actor: z.string().optional(),
  /** Why, as given with `--reason` (or the default the command records). */
  reason: z.string().optional(),
  at: z.string(),
  /** The run the version was registered from. */
  runId: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
