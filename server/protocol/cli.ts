/**
 * What each `mlpipe … --json` command prints on stdout, declared once: the CLI builds its
 * output through these types and the tests parse the output with the same schemas.
 */
import { z } from 'zod';
import { namedRecord } from './namedRecord.js';
import type { TrainTask } from '../backend/train/types.js';
import type { Severity } from '../mlpipe/diagnostics.js';
import { AuditEntry, ComparisonResult, GateResult, ModelRecord, RunRecord } from './tracking.js';

/** The checker's severities; the type check below fails if the two lists part. */
const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];
type Exhaustive<T extends never> = T;
export type SeveritiesCovered = Exhaustive<Exclude<Severity, (typeof SEVERITIES)[number]>>;

/** The trainer's tasks, linked to its type the same way. */
const TRAIN_TASKS = ['binary', 'multiclass', 'regression'] as const satisfies readonly TrainTask[];
export type TasksCovered = Exhaustive<Exclude<TrainTask, (typeof TRAIN_TASKS)[number]>>;

const Position = z.object({ line: z.number().int().nonnegative(), character: z.number().int().nonnegative() });

/** One diagnostic as `mlpipe check --format json` prints it (0-based lines and characters, as in LSP). */
export const DiagnosticRow = z.object({
  file: z.string(),
  code: z.string(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  range: z.object({ start: Position, end: Position }),
});
export type DiagnosticRow = z.infer<typeof DiagnosticRow>;

export const CheckOutput = z.array(DiagnosticRow);
export type CheckOutput = z.infer<typeof CheckOutput>;

/** A metric value on stdout: JSON has no NaN, so a metric that could not be computed is null. */
const Metrics = z.record(z.string(), z.number().nullable());

export const RunOutput = z.object({
  runId: z.string(),
  status: z.literal('completed'),
  pipeline: z.string(),
  model: z.string(),
  task: z.enum(TRAIN_TASKS),
  backend: z.string(),
  metrics: Metrics,
  gates: z.object({
    passed: z.boolean(),
    results: z.array(GateResult),
    comparisons: z.array(ComparisonResult),
  }),
  registered: z.object({ name: z.string(), version: z.number().int().positive(), stage: z.string() }).nullable(),
  /** Why a run whose gates passed registered nothing (no register block takes its model, or there is none); absent otherwise. */
  notRegistered: z.string().optional(),
  weightsHash: z.string(),
  dataVersions: namedRecord(z.string()),
  seeds: z.object({ split: z.number().nullable(), model: z.number() }),
  rows: z.object({
    train: z.number(),
    test: z.number(),
    validation: z.number(),
    droppedMissingTarget: z.number(),
    droppedMissingFeatures: z.number(),
    /** Per model input: how many of the rows left out for a missing input miss it. */
    missingInputs: z.array(z.object({ feature: z.string(), count: z.number() })),
  }),
  /** What the run says of the rows it left out (missing target, missing model inputs); absent when none. */
  leftOut: z.string().optional(),
  /** Per history table no example shares a key with (every window over it is empty); absent when none. */
  emptyWindows: z.array(z.string()).optional(),
  /** The monitor's drift lines the training reference cannot measure (serving refuses them); absent when none. */
  unmeasurableDrift: z.array(z.string()).optional(),
  /** The registered name also holds versions another pipeline registered. */
  sharedName: z.string().optional(),
  /** The check's warnings on the pipeline (what `mlpipe check FILE` reports as warnings); absent when none. */
  warnings: z.array(DiagnosticRow).optional(),
  artifactDir: z.string(),
  seconds: z.number(),
});
export type RunOutput = z.infer<typeof RunOutput>;

/** `mlpipe run --json` of a pipeline with several models that names none and registers none: each model's run, in the file's order. */
export const RunEachOutput = z.array(RunOutput);

/** `mlpipe runs --json`: newest first, without the pipeline text and the environment. */
export const RunsOutput = z.array(
  RunRecord.omit({ pipelineText: true, environment: true }).extend({ runId: z.string(), metrics: Metrics }),
);
export type RunsOutput = z.infer<typeof RunsOutput>;

/** 'mlpipe runs delete --json': the same shape as the backend's 'runs/delete' result. */
export const RunsDeleteOutput = z.object({ deleted: z.array(z.string()), leftFolders: z.array(z.string()) });
export type RunsDeleteOutput = z.infer<typeof RunsDeleteOutput>;

export const ReproduceOutput = z.object({
  runId: z.string(),
  newRunId: z.string(),
  identical: z.boolean(),
  weightsHash: z.string(),
  originalWeightsHash: z.string(),
  backend: z.string(),
  /** When the weights differ: what the original run's environment records differently (engine, Node, tfjs versions). */
  changed: z.array(z.string()).optional(),
  metrics: Metrics,
});
export type ReproduceOutput = z.infer<typeof ReproduceOutput>;

export const ModelsOutput = z.array(
  ModelRecord.extend({ versions: z.array(ModelRecord.shape.versions.element.extend({ metrics: Metrics })) }),
);
export type ModelsOutput = z.infer<typeof ModelsOutput>;

/** `mlpipe models NAME --json`: NAME's audit trail, oldest first (the backend's 'models/history' result). */
export const ModelHistoryOutput = z.array(AuditEntry);
export type ModelHistoryOutput = z.infer<typeof ModelHistoryOutput>;

/** A value parity compares: a number, a category, or null where none was computed (`MonitoredValue`). */
const ParityValue = z.union([z.number(), z.string(), z.null()]);

/** Per monitored target (each model input, then `prediction`): how serving and the batch path compare, in TFDV's skew vocabulary. */
export const ParityCounts = z.object({
  target: z.string(),
  match: z.number().int().nonnegative(),
  mismatch: z.number().int().nonnegative(),
  /** Serving logged a value, the batch path has none. */
  serving_only: z.number().int().nonnegative(),
  /** The batch path has a value, serving logged none. */
  training_only: z.number().int().nonnegative(),
});
export type ParityCounts = z.infer<typeof ParityCounts>;

/** `mlpipe parity --json`: logged predictions replayed through the batch path (the backend's `replayParity`). */
export const ParityOutput = z.object({
  model: z.object({ name: z.string(), version: z.number().int().positive() }),
  /** Logged predictions replayed. */
  rows: z.number().int().nonnegative(),
  targets: z.array(ParityCounts),
  /** A sample of the mismatched values, by prediction id. */
  mismatches: z.array(z.object({ id: z.string(), target: z.string(), serving: ParityValue, batch: ParityValue })),
  /** True when every target matched on every row. */
  ok: z.boolean(),
  /**
   * History files modified after the first replayed prediction (only when something mismatched):
   * windows replay against a file's current content, so their mismatches may be the data's.
   */
  historyChanged: z.array(z.object({ source: z.string(), modified: z.string() })).optional(),
});
export type ParityOutput = z.infer<typeof ParityOutput>;

/**
 * What a `--json` command prints on stdout when it fails: the one-line message also written to
 * stderr, the exit code, and the checker's diagnostics when the pipeline was refused.
 */
export const ErrorOutput = z.object({
  error: z.object({
    message: z.string(),
    exitCode: z.number().int(),
    diagnostics: z.array(DiagnosticRow).optional(),
  }),
});
export type ErrorOutput = z.infer<typeof ErrorOutput>;
