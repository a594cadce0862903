/**
 * The JSON-RPC protocol between the extension and the backend process (`dist/backend.js`),
 * spoken over the backend's stdin/stdout with vscode-jsonrpc. Types only; no code.
 *
 * Two directions, each typed once:
 * - requests, extension to backend: `BackendRequests` maps each method to its params and result;
 * - events, backend to extension: one notification, `mlpipe/event`, whose params are the
 *   discriminated union `BackendEvent` (by `kind`), so views refresh without polling.
 *
 * Errors are JSON-RPC errors whose message is one plain sentence for the user; a refusal the
 * editor acts on carries `RefusalData` as the error's `data`.
 */
import type { DriftAlert, DriftReport, DriftTargetResult } from './serving.js';
import type { ReadinessReport } from './webviewReadiness.js';
import type { AuditEntry, ComparisonResult, GateResult, ModelRecord, ModelVersionRecord, RunRecord, Stage } from './tracking.js';
import type { RegisterStage } from '../mlpipe/language/keywords.js';

/**
 * The `data` of a refused request's JSON-RPC error, where the editor offers more than the output
 * channel. `check`: the pipeline has errors its check reports (a training job refused before it
 * started); they are in the Problems view, not in the output.
 */
export interface RefusalData {
  reason: 'check';
}

/** The one notification method that carries every 'BackendEvent'. */
export type EventMethod = 'mlpipe/event';

/** A run without the bulky fields (pipeline text, environment): what lists and trees show. */
export type RunSummary = Omit<RunRecord, 'pipelineText' | 'environment'>;

/** A native module the backend needs, as loaded (or not) by the Node it runs on. */
export interface NativeModuleStatus {
  name: string;
  ok: boolean;
  /** Why it did not load, one line. */
  error?: string;
  /** From a NODE_MODULE_VERSION mismatch: the ABI the module was built for. */
  builtForAbi?: number;
}

export interface HelloResult {
  version: string;
  pid: number;
  node: string;
  /** `process.versions.modules` of the Node the backend runs on. */
  abi: number;
  modules: NativeModuleStatus[];
  /** What the backend can do in this build: the extension hides commands it lacks. */
  features: { serve: boolean; drift: boolean };
}

/** One point of a (possibly downsampled) curve. */
export interface CurvePoint {
  step: number;
  value: number;
}

export interface Curve {
  runId: string;
  key: string;
  /** Points in step order; for a downsampled curve the min and max of each bucket. */
  points: CurvePoint[];
  /** Points the run logged for this key before downsampling. */
  total: number;
}

export interface RunDetail {
  run: RunRecord;
  curves: Curve[];
  artifacts: Array<{ name: string; path: string; bytes: number }>;
  /**
   * Runs that reproduce this one, newest first, with whether their weights matched; one whose
   * weights differ names what its environment records differently (`changed`: the engine, Node
   * or tfjs version, as after an upgrade of mlpipe), when anything does.
   */
  reproductions: Array<{ runId: string; status: RunRecord['status']; identical: boolean | null; changed?: string[] }>;
}

/** What a finished training job reports (run or reproduce). */
export interface JobOutcome {
  jobId: string;
  runId: string;
  status: 'completed';
  pipelineName: string;
  model: string;
  backend: string;
  metrics: Record<string, number>;
  gates: { passed: boolean; results: GateResult[]; comparisons: ComparisonResult[] };
  registered: { name: string; version: number; stage: string } | null;
  /** The registered name also holds versions another pipeline registered (`sharedNameNote`). */
  sharedName?: string;
  weightsHash: string;
  seconds: number;
  artifactDir: string;
  /**
   * Reproduce only: whether the retrained weights are bitwise identical to the original's, and
   * when not, what the original's environment records differently (as `mlpipe reproduce` says).
   */
  reproduce?: { of: string; identical: boolean; originalWeightsHash: string; changed?: string[] };
}

export interface CheckedFile {
  file: string;
  errors: number;
  warnings: number;
  /** The first few problems, `line:col code message`. */
  problems: string[];
}

/** A running model server, as the serving module reports it. */
export interface EndpointInfo {
  file: string;
  model: string;
  version: number | null;
  url: string;
  port: number;
  /** Drift per monitored target, when a monitor block watches it. */
  drift: DriftTargetStatus[];
  /** The monitor's window and how many predictions it holds; verdicts are held until it is full. */
  window: { size: number; filled: number } | null;
  /** Why it listens where the serve block did not say: its port was taken when it started. */
  note?: string;
  /** The warning `mlpipe serve` prints when the version was registered by another pipeline (`foreignVersionLine`). */
  foreign?: string;
}

/** A drift target as trees and lenses show it: its test and latest verdict (value null before any prediction). */
export type DriftTargetStatus = Omit<DriftTargetResult, 'defaultTest'>;

/** One evaluation of a target over a full window of logged predictions. */
export type DriftHistoryPoint = Pick<DriftTargetResult, 'value' | 'drifted'> & {
  /** Predictions of this model version logged up to the end of the window. */
  end: number;
  /** When the window's last prediction was logged (ISO). */
  at: string;
};

/** A drift target in full: its test, its latest value, both distributions and its history. */
export type DriftTargetDetail = DriftTargetResult & {
  /** Reference and live counts in the reference's bins (numeric: quantile bins; categorical: categories, then unseen). */
  bins: { labels: string[]; reference: number[]; live: number[] };
  history: DriftHistoryPoint[];
};

/** What the Drift view shows for one served model. */
export interface DriftDetail {
  url: string;
  file: string;
  model: string;
  version: number | null;
  /** The monitor's window size. */
  window: number;
  /** Predictions in the latest window; below `window` the verdicts are held. */
  filled: number;
  targets: DriftTargetDetail[];
  alerts: DriftAlert[];
  /** Why nothing could be measured, if so. */
  note?: string;
  /** The latest window's quality from feedback labels, or why it has none although labels came (as `mlpipe drift` says them). */
  quality?: DriftReport['quality'];
  qualityNote?: string;
}

/** What deleting runs did: the runs gone from the store, and artifact folders that could not be removed. */
export interface DeletedRuns {
  deleted: string[];
  /** Folders left on disk although their runs are gone, as 'path: reason'. Empty when all went. */
  leftFolders: string[];
}

/** Every request the extension sends, by method: its params and its result. */
export interface BackendRequests {
  'mlpipe/hello': { params: Record<string, never>; result: HelloResult };
  /** Runs of the project that holds `folder` (any path inside it), newest first. */
  'runs/list': { params: { folder: string; pipelinePath?: string; limit?: number }; result: RunSummary[] };
  'runs/get': { params: { folder: string; runId: string; buckets?: number }; result: RunDetail };
  /** Curves of many runs, each downsampled to at most `2 * buckets` points (min and max per bucket). */
  'runs/curves': { params: { folder: string; runIds: string[]; key: string; buckets: number }; result: Curve[] };
  /** Trains a pipeline; resolves when the run ends. Progress arrives as events with `jobId`. */
  /** Deletes runs and their artifact folders, all or none (refused for a running or registered run). */
  'runs/delete': { params: { folder: string; runIds: string[] }; result: DeletedRuns };
  'run/start': { params: { jobId: string; file: string; backend?: string; model?: string }; result: JobOutcome };
  'run/reproduce': { params: { jobId: string; folder: string; runId: string }; result: JobOutcome };
  /** Stops a job between batches; its run is recorded as interrupted. */
  'run/cancel': { params: { jobId: string }; result: { cancelled: boolean } };
  'check/files': { params: { files: string[] }; result: CheckedFile[] };
  'models/list': { params: { folder: string }; result: ModelRecord[] };
  'models/promote': { params: { folder: string; name: string; version: number; stage: Stage; reason?: string }; result: ModelVersionRecord };
  'models/rollback': { params: { folder: string; name: string; reason?: string }; result: ModelVersionRecord };
  /** A completed run as `name`'s next version, by hand (`mlpipe register`): refused as the CLI refuses. */
  'models/register': { params: { folder: string; name: string; runId: string; stage?: RegisterStage; reason?: string }; result: ModelVersionRecord };
  /** `name`'s audit trail, oldest first (`mlpipe models NAME --json`). */
  'models/history': { params: { folder: string; name: string }; result: AuditEntry[] };
  'serve/list': { params: Record<string, never>; result: EndpointInfo[] };
  'serve/start': { params: { file: string; port?: number }; result: EndpointInfo };
  'serve/stop': { params: { url: string }; result: { stopped: boolean } };
  /** Drift of a model this backend serves, in full (the Drift view). */
  'drift/detail': { params: { url: string; history?: number }; result: DriftDetail };
  /** A pipeline scored against the ML Test Score items mlpipe verifies; `text` is the editor's unsaved text, if any. */
  'readiness/score': { params: { file: string; text?: string }; result: ReadinessReport };
  /** Retrains a pipeline by hand: the drift retrain's path (gates, compare_to, staging only), recorded with 'trigger: manual'. */
  'run/retrain': { params: { jobId: string; file: string }; result: JobOutcome };
}

export type BackendMethod = keyof BackendRequests;
export type ParamsOf<M extends BackendMethod> = BackendRequests[M]['params'];
export type ResultOf<M extends BackendMethod> = BackendRequests[M]['result'];

/** Requests as a discriminated union, by `method`. */
export type BackendRequest = { [M in BackendMethod]: { method: M; params: ParamsOf<M> } }[BackendMethod];

/** Everything the backend pushes, by `kind`. */
export type BackendEvent =
  | { kind: 'runStarted'; jobId: string; runId: string; file: string; pipelineName: string; reproduces?: string }
  | { kind: 'stage'; jobId: string; message: string }
  | { kind: 'epoch'; jobId: string; runId: string; epoch: number; epochs: number; loss: number; valLoss?: number; seconds: number }
  | { kind: 'runFinished'; jobId: string; runId: string | null; file: string; status: 'completed' | 'failed' | 'interrupted'; error?: string; metrics: Record<string, number> }
  | { kind: 'registryChanged'; folder: string; name: string }
  /** The run store of a project changed from outside the backend (the CLI, another window). */
  | { kind: 'storeChanged'; root: string }
  | { kind: 'serverUp'; endpoint: EndpointInfo }
  | { kind: 'serverDown'; url: string; reason: string }
  /**
   * The registry moved what a served model's reference names (a promote, rollback or register,
   * from any process); the server goes on serving `version` until it restarts. `change`: the
   * words `mlpipe serve` prints (`servedVersionChange`), e.g. `'m@production' is now v3 (production)`.
   */
  | { kind: 'servedVersionChanged'; url: string; file: string; model: string; version: number; change: string }
  /**
   * What a served model's endpoint shows of drift changed: the log wrote predictions (the window
   * fills, values move) or a scheduled evaluation ran. At most one a second per endpoint, the
   * latest state, only when it differs from the one pushed before.
   */
  | ({ kind: 'driftChanged' } & Pick<EndpointInfo, 'url' | 'drift' | 'window'>)
  /** A served model's monitor recorded an alert (one per drifted target and full window). */
  | { kind: 'alert'; url: string; target: string; statistic: string; value: number; threshold: number; at: string; file: string; model: string; alertId: number; action: string | null }
  /**
   * A served model's drift retrain ended: `action` is what the store now records for alerts
   * `alertIds` (it replaced 'retrain started (…)'), the line `mlpipe serve` prints.
   */
  | { kind: 'retrainDone'; url: string; file: string; action: string; alertIds: number[] };

export type BackendEventKind = BackendEvent['kind'];
