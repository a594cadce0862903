/**
 * Every JSON body the serving endpoints read or write, as zod schemas: the server validates
 * requests with them, tests and clients parse responses with them. One place for each shape.
 */
import { z } from 'zod';
import { namedRecord } from './namedRecord.js';
import { jsonKind } from './plainIssue.js';

/** A request field value as JSON gives it; numbers written as text are accepted by the engine. */
export const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  // zod's own 'Invalid input' says nothing of what a field may hold (1e400 parses to Infinity).
  error: 'a field value must be a string, a finite number, true, false or null',
});
/** A row: every own field a `fieldValue`, '__proto__' included (a column may be called that). */
// zod's 'expected record, received null' names zod's type, not what the client sent.
export const requestRow = namedRecord(fieldValue, (input) => `a row must be an object {column: value, …}, not ${jsonKind(input)}`);
export type RequestRow = z.infer<typeof requestRow>;

/** `POST /predict` */
// zod's 'Invalid input: expected array, received undefined' for a client that posted one row's
// fields, or a bare list of rows, as many model servers take them: say what was sent instead.
export const predictRequest = z.strictObject(
  {
    rows: z
      .array(requestRow, {
        error: (i) => (i.input === undefined ? 'missing (to score one row, send {"rows": [{column: value, …}]})' : `must be a list of rows, not ${jsonKind(i.input)}`),
      })
      .min(1, 'is empty: send at least one row'),
  },
  { error: (i) => (i.code === 'invalid_type' ? `it is ${jsonKind(i.input)}${Array.isArray(i.input) ? ': wrap the rows as {"rows": [ … ]}' : ''}` : undefined) },
);
export type PredictRequest = z.infer<typeof predictRequest>;

/** Binary: probability of the positive class; multiclass: probabilities and label; regression: the value. */
export const prediction = z.union([
  z.number(),
  // Keyed by the target's labels, which may be any text ('__proto__' too).
  z.object({ label: z.string(), probabilities: namedRecord(z.number()) }),
]);
export type Prediction = z.infer<typeof prediction>;

export const modelRef = z.object({ name: z.string(), version: z.number().int() });

export const predictResponse = z.object({
  predictions: z.array(prediction),
  /** Prediction ids, for `POST /feedback`; null when logging is off. */
  ids: z.array(z.string().nullable()),
  model: modelRef,
});
export type PredictResponse = z.infer<typeof predictResponse>;

/**
 * MLflow scoring server's JSON bodies (`POST /invocations`), by the key that names each: a body
 * that names one is refused with what is wrong with that shape, not with the union's "Invalid input".
 */
export const invocationsShapes = {
  dataframe_records: z.strictObject({ dataframe_records: z.array(requestRow).min(1), params: z.unknown().optional() }),
  dataframe_split: z.strictObject({
    dataframe_split: z.object({ columns: z.array(z.string()), data: z.array(z.array(fieldValue)).min(1), index: z.array(z.unknown()).optional() }),
    params: z.unknown().optional(),
  }),
  instances: z.strictObject({ instances: z.array(requestRow).min(1), params: z.unknown().optional() }),
  inputs: z.strictObject({
    // An object of no column is no rows, as an empty list is (it reached the row builder and was a 500).
    inputs: z.union([z.array(requestRow).min(1), namedRecord(z.array(fieldValue).min(1)).refine((o) => Object.keys(o).length > 0, 'Too small: expected at least one column')], {
      error: 'inputs must be a list of rows [{column: value, …}] or an object of columns {column: [values]}',
    }),
    params: z.unknown().optional(),
  }),
};
export const invocationsRequest = z.union([invocationsShapes.dataframe_records, invocationsShapes.dataframe_split, invocationsShapes.instances, invocationsShapes.inputs]);
export type InvocationsRequest = z.infer<typeof invocationsRequest>;

export const invocationsResponse = z.object({ predictions: z.array(prediction) });

/** One problem of a rejected request: which row (0-based, null for the body), which field. */
export const errorDetail = z.object({ row: z.number().int().nullable(), field: z.string().nullable(), problem: z.string() });
export type ErrorDetail = z.infer<typeof errorDetail>;
export const errorBody = z.object({ error: z.string(), details: z.array(errorDetail) });
export type ErrorBody = z.infer<typeof errorBody>;

/** What a refused label is, in a few words: never its JSON, which may be nested deeper than the stack. */
const labelKind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : String(v));

/** `POST /feedback`: labels for earlier predictions. */
export const feedbackRequest = z.strictObject({
  labels: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(200),
        // zod's own 'Invalid input' says nothing of what a label may be (null, a missing one). A
        // boolean is a boolean target's class as a client's JSON writes it (`feedbackClassOf`).
        label: z.union([z.string(), z.number(), z.boolean()], {
          error: (i) => (i.input === undefined ? 'the label is missing' : `a label must be a class's text, a number or a boolean, not ${labelKind(i.input)}`),
        }),
      }),
    )
    .min(1)
    .max(10000),
});
export type FeedbackRequest = z.infer<typeof feedbackRequest>;
export const feedbackResponse = z.object({ accepted: z.number().int(), unknown: z.array(z.string()) });

/**
 * The prediction log's state as `/health` reports it: null when the server logs nothing. A batch
 * SQLite refused (a full disk, a lock held past the busy timeout) is dropped and counted, and
 * `lastError` says why, so a missing prediction can be explained without the server's stderr.
 */
export const logHealth = z.object({ written: z.number().int(), dropped: z.number().int(), queued: z.number().int(), lastError: z.string().nullable() });
export type LogHealth = z.infer<typeof logHealth>;

/**
 * A history table as the server's windows read it: `rows` read at `loadedAt`; `lastError` says
 * why the file's latest change could not be read (the rows before it are still served).
 */
export const historyHealth = z.object({ table: z.string(), source: z.string(), rows: z.number().int(), loadedAt: z.string(), lastError: z.string().nullable() });
export type HistoryHealth = z.infer<typeof historyHealth>;

export const healthResponse = z.object({ status: z.literal('ok'), model: modelRef, uptimeSeconds: z.number(), log: logHealth.nullable(), history: z.array(historyHealth) });

export const inputField = z.object({
  name: z.string(),
  /** 'time': read only as a window's `as_of`, so epoch seconds (or milli-, micro-, nanoseconds) and ISO dates are all taken. */
  type: z.enum(['number', 'string', 'time']),
  /** True when a `fill_missing` or a serve default covers an absent value. */
  optional: z.boolean(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** A text field a vocabulary (`one_hot`) reads: the categories it learned; any other value is unseen to it, the all-zero vector. */
  categories: z.array(z.string()).optional(),
  features: z.array(z.string()),
});
export type InputField = z.infer<typeof inputField>;

export const metadataResponse = z.object({
  pipeline: z.string(),
  model: z.string(),
  version: z.number().int(),
  stage: z.string(),
  runId: z.string(),
  weightsHash: z.string(),
  task: z.enum(['binary', 'multiclass', 'regression']),
  labels: z.array(z.string()).optional(),
  /**
   * Binary: the class whose probability `/predict` answers and precision, recall and f1 judge
   * (the later of the two labels in sorted order, as scikit-learn's LabelEncoder orders them).
   */
  positive: z.string().optional(),
  inputs: z.array(inputField),
  features: z.array(z.string()),
});
export type MetadataResponse = z.infer<typeof metadataResponse>;

export const driftTargetResult = z.object({
  target: z.string(),
  statistic: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  op: z.enum(['>', '>=', '<', '<=']),
  /** Null while the window is still filling: the value is reported, the verdict held. */
  drifted: z.boolean().nullable(),
  /** True when the pipeline has no `drift` line for it and the spec's default test applies. */
  defaultTest: z.boolean(),
  /**
   * True when every value of the target in the window is missing while the reference has present
   * values: nothing is compared (value null, never drift), and the report says so (`driftVerdictText`).
   */
  allMissing: z.optional(z.literal(true)),
  /**
   * Shares of missing values (0 to 1): `window` over the window's values, `training` over the
   * reference's (null: unknown, as for a target the reference has no profile of). The statistics
   * compare present values only, so a rise in missing values shows here and nowhere else; it is
   * no drift (`missingShareText`, docs/serving.md). Absent in a report of a server before 0.2.0.
   */
  missing: z.optional(z.object({ window: z.number().min(0).max(1), training: z.number().min(0).max(1).nullable() })),
});
export type DriftTargetResult = z.infer<typeof driftTargetResult>;

export const driftAlert = z.object({
  id: z.number().int(),
  at: z.string(),
  target: z.string(),
  statistic: z.string(),
  value: z.number(),
  threshold: z.number(),
  window: z.number().int(),
  model: modelRef,
  /** What the alert started: a retrain run id, or why none. */
  action: z.string().nullable(),
});
export type DriftAlert = z.infer<typeof driftAlert>;

export const driftReport = z.object({
  /** The monitor's `window`: how many predictions a verdict needs. */
  window: z.number().int(),
  /** Predictions the window holds so far (at most `window`); verdicts are held until it is full. */
  filled: z.number().int(),
  model: modelRef,
  targets: z.array(driftTargetResult),
  alerts: z.array(driftAlert),
  /**
   * Quality of the window's predictions that have feedback labels, once there are enough. A metric
   * the labels cannot give (auc when every label is one class) is null, as JSON writes NaN.
   */
  quality: z.object({ labels: z.number().int(), metrics: z.record(z.string(), z.number().nullable()) }).optional(),
  /** Why there is no `quality` although the window has feedback labels: too few of them, or a window smaller than quality needs. */
  qualityNote: z.string().optional(),
  /** Why nothing could be measured (no reference saved, no predictions yet), if so. */
  note: z.string().optional(),
  /**
   * The pipeline as written says `log_predictions = false`, so the window is from a log an
   * earlier server wrote and serving this file adds nothing to it (`mlpipe drift`, the Drift
   * panel; `GET /drift` answers 409 instead).
   */
  loggingOff: z.literal(true).optional(),
});
export type DriftReport = z.infer<typeof driftReport>;

/** Most predictions one `GET /predictions` page returns; a larger `limit` is capped to it. */
export const MAX_PREDICTIONS_PAGE = 1000;
const cursorText = z.string().regex(/^[0-9]{1,15}$/, 'must be a whole number (a cursor from "next")');

/** `GET /predictions?after=<cursor>&limit=<n>[&version=<v>]`: the query, as Fastify parses it. */
export const predictionsQuery = z.strictObject({
  after: cursorText.optional(),
  limit: z
    .string()
    // abort: 'abc' is not a whole number, and no more ('must be at least 1' came too).
    .regex(/^[0-9]{1,9}$/, { message: 'must be a whole number', abort: true })
    .refine((v) => Number(v) >= 1, 'must be at least 1')
    .optional(),
  /** Only this version of the served model (default: every version logged for the pipeline). */
  version: z.string().regex(/^[0-9]{1,9}$/, 'must be a whole number').optional(),
});

/** One logged prediction, as the log holds it. */
export const loggedPrediction = z.object({
  /** The paging cursor: pass it as `after` to continue from here. */
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  model: modelRef,
  /** The request row as received. */
  inputs: z.unknown(),
  /** The monitored feature values (numbers, or the category a one_hot encodes). */
  features: namedRecord(z.union([z.number(), z.string(), z.null()])),
  prediction,
  latencyUs: z.number().int(),
});
export type LoggedPrediction = z.infer<typeof loggedPrediction>;

export const predictionsPage = z.object({
  predictions: z.array(loggedPrediction),
  /** Cursor of the next page, or null when this page reached the end of the log. */
  next: z.number().int().nullable(),
});
export type PredictionsPage = z.infer<typeof predictionsPage>;

/**
 * Messages between a server and the child process that runs a drift-triggered retrain
 * (`monitor/retrainChild.ts`): one request in, one result out, then the child exits.
 */
export const retrainRequest = z.strictObject({
  type: z.literal('retrain'),
  file: z.string().min(1),
  root: z.string().min(1),
  /** `drift:<target>`, recorded in the run. */
  trigger: z.string().min(1),
  /** The registered model being served: the retrain trains the model its `register` block takes. */
  registeredAs: z.string().min(1).optional(),
});
export type RetrainRequest = z.infer<typeof retrainRequest>;

export const retrainResult = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('done'),
    runId: z.string(),
    gatesPassed: z.boolean(),
    registered: z.object({ name: z.string(), version: z.number().int(), stage: z.string() }).nullable(),
    /** Why nothing was registered (`notRegisteredReason`: a failed gate, or worse than a compare_to stage). */
    notRegistered: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('failed'), error: z.string() }),
  /** Not run: nothing changed since the last run of the model (`unchangedSinceLastRun`). */
  z.strictObject({ type: z.literal('skipped'), reason: z.string() }),
]);
export type RetrainResult = z.infer<typeof retrainResult>;
