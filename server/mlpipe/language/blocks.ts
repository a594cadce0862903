import { DETERMINISTIC_MODEL_SEED } from './determinism.js';
import { HIDDEN_LAYER_KINDS } from './task.js';
import { METRICS as METRIC_TABLE, type ValueRange } from '../metrics/table.js';
import { DRIFT_STATISTIC_INFO } from '../drift/catalogue.js';
import { ACTIVATIONS, BACKENDS, DATA_FORMATS, MODEL_KINDS, ON_DRIFT, OPTIMIZERS, REFERENCES, REGISTER_STAGES, SPLIT_ORDERS, STAGES as STAGE_WORDS, TASKS, TOP_LEVEL_BLOCKS, type ModelKind, type Task } from './keywords.js';

/**
 * The blocks of the language and the attributes each takes: the table the checker validates
 * against, and the text that hover and completion show.
 */

export type ValueKind =
  | 'string'
  | 'path'
  | 'version'
  | 'number'
  | 'integer'
  | 'fraction'
  | 'bool'
  | 'column'
  | 'primaryColumn'
  | 'features'
  | 'integerList'
  | 'model'
  | 'servedModel'
  | 'keyword';

/** Seeds are unsigned 32-bit integers: the seeded generator reduces anything else modulo 2^32. */
export const MAX_SEED = 0xffffffff;

/** The registry's stages, as a plain list for readers that take one. */
export const STAGES: string[] = [...STAGE_WORDS];

export interface AttributeSpec {
  name: string;
  kind: ValueKind;
  /** Bounds of an `integer`, `number` or `integerList` value (inclusive; integers default to min 1). */
  range?: { min?: number; max?: number };
  required?: boolean;
  /** Allowed bare keywords for `keyword` attributes. */
  values?: string[];
  doc: string;
  /** Completion insert text. */
  snippet?: string;
  /**
   * A model attribute only these kinds read (`HIDDEN_LAYER_KINDS` for `layers`, as the trainer
   * builds them): `layers` on a `linear` model was recorded and silently ignored.
   */
  onlyKinds?: readonly ModelKind[];
}

export interface BlockSpec {
  kind: string;
  /** Whether the header takes a name (`data customers {`). */
  named: boolean;
  /** May appear more than once in a file. */
  repeatable: boolean;
  doc: string;
  attributes: AttributeSpec[];
  /** Line entries the block takes besides attributes. */
  entries?: Array<'require' | 'drift' | 'feature'>;
  /** Nested blocks it takes. */
  nested?: string[];
}


export const BLOCKS: Record<string, BlockSpec> = {
  data: {
    kind: 'data',
    named: true,
    repeatable: true,
    doc: 'A versioned table. The one with a `target` is the primary table (one row per example); the others are history tables read through window aggregates.',
    attributes: [
      { name: 'source', kind: 'path', required: true, doc: 'CSV or Parquet file, relative to the pipeline file.', snippet: 'source = "${1:data/file.csv}"' },
      { name: 'version', kind: 'version', doc: '`"sha256:<hex>"` of the file\'s bytes; checked against the file.', snippet: 'version = "sha256:${1}"' },
      { name: 'target', kind: 'column', doc: 'The column the model predicts; marks the primary table.' },
      { name: 'key', kind: 'column', doc: 'The entity column: history rows are joined on it; splits group by it with `split.by`.' },
      { name: 'time', kind: 'column', doc: 'The moment each row describes; windows aggregate strictly before the example\'s time.' },
      { name: 'format', kind: 'keyword', values: [...DATA_FORMATS], doc: 'File format, when the extension does not say.' },
    ],
  },
  split: {
    kind: 'split',
    named: false,
    repeatable: false,
    doc: 'How rows of the primary table are divided into training, validation and test sets.',
    attributes: [
      { name: 'test', kind: 'fraction', doc: 'Share of rows held out for evaluation (0 < x < 1).' },
      { name: 'validation', kind: 'fraction', doc: 'Share of rows for validation during training.' },
      { name: 'seed', kind: 'integer', range: { min: 0, max: MAX_SEED }, doc: 'Seed of the split: the same seed gives the same split everywhere.' },
      { name: 'by', kind: 'primaryColumn', doc: 'Group column: rows of one group never land on both sides.' },
      { name: 'order', kind: 'keyword', values: [...SPLIT_ORDERS], doc: '`random`, or `time`: the test set is the most recent rows.' },
    ],
  },
  model: {
    kind: 'model',
    named: true,
    repeatable: true,
    doc: 'A model trained on the features named in `inputs`.',
    attributes: [
      { name: 'kind', kind: 'keyword', required: true, values: [...MODEL_KINDS], doc: '`mlp`, `logistic` or `linear`.' },
      { name: 'inputs', kind: 'features', required: true, doc: 'The features the model reads, in order.', snippet: 'inputs = [${1}]' },
      { name: 'layers', kind: 'integerList', range: { min: 1, max: 65_536 }, doc: 'Hidden layer sizes of an `mlp`.', snippet: 'layers = [${1:64}, ${2:32}]', onlyKinds: HIDDEN_LAYER_KINDS },
      { name: 'activation', kind: 'keyword', values: [...ACTIVATIONS], doc: 'Activation of hidden layers.', onlyKinds: HIDDEN_LAYER_KINDS },
      { name: 'epochs', kind: 'integer', range: { min: 1, max: 100_000 }, doc: 'Passes over the training set.' },
      { name: 'batch_size', kind: 'integer', range: { min: 1, max: 1_048_576 }, doc: 'Rows per gradient step.' },
      { name: 'learning_rate', kind: 'number', doc: 'Optimizer step size (> 0).' },
      { name: 'optimizer', kind: 'keyword', values: [...OPTIMIZERS], doc: 'Optimizer.' },
      { name: 'seed', kind: 'integer', range: { min: 0, max: MAX_SEED }, doc: 'Seed of initial weights and batch order.' },
      { name: 'task', kind: 'keyword', values: [...TASKS], doc: 'Overrides the task inferred from the target.' },
    ],
  },
  evaluate: {
    kind: 'evaluate',
    named: false,
    repeatable: false,
    doc: 'Evaluation gates on the test split: a model is registered only when every `require` passes.',
    attributes: [{ name: 'compare_to', kind: 'keyword', values: STAGES, doc: 'A stage: the candidate must not be worse than that version.' }],
    entries: ['require'],
  },
  register: {
    kind: 'register',
    named: true,
    repeatable: true,
    doc: 'Registers a new version of a model when the gates pass.',
    attributes: [
      { name: 'from', kind: 'model', required: true, doc: 'The model to register.' },
      { name: 'stage', kind: 'keyword', values: [...REGISTER_STAGES], doc: 'Stage of the new version (default `staging`).' },
    ],
  },
  serve: {
    kind: 'serve',
    named: false,
    repeatable: false,
    doc: 'Serves a registered model over HTTP with the same feature code used in training.',
    attributes: [
      { name: 'model', kind: 'servedModel', required: true, doc: '`name`, `name@stage` or `name@version` of a registered model.' },
      { name: 'port', kind: 'integer', range: { min: 0, max: 65_535 }, doc: 'HTTP port (0: any free port, chosen at start).' },
      { name: 'log_predictions', kind: 'bool', doc: 'Log every prediction for drift monitoring (default true).' },
    ],
    nested: ['defaults'],
    entries: ['feature'],
  },
  defaults: {
    kind: 'defaults',
    named: false,
    repeatable: false,
    doc: 'What the server fills into a missing request field: `column = value` for primary-table columns.',
    attributes: [],
  },
  monitor: {
    kind: 'monitor',
    named: false,
    repeatable: false,
    doc: 'Drift monitoring of served predictions, and what to do on drift.',
    attributes: [
      { name: 'window', kind: 'integer', range: { min: 1, max: 10_000_000 }, doc: 'Predictions per drift check.' },
      { name: 'on_drift', kind: 'keyword', values: [...ON_DRIFT], doc: '`retrain` or `alert`.' },
      { name: 'reference', kind: 'keyword', values: [...REFERENCES], doc: 'What live data is compared with (`training`).' },
    ],
    entries: ['drift'],
  },
  environment: {
    kind: 'environment',
    named: false,
    repeatable: false,
    doc: 'The software and compute a run depends on.',
    attributes: [
      { name: 'lockfile', kind: 'path', doc: 'Dependency lockfile, relative to the pipeline file; its hash is recorded with each run.' },
      { name: 'backend', kind: 'keyword', values: [...BACKENDS], doc: '`auto`, `gpu`, `cpu` or `wasm`.' },
      {
        name: 'deterministic',
        kind: 'bool',
        doc: `Ask for bitwise-reproducible training (default false): only a backend that promises it is used, and a model or random split with no \`seed\` uses the fixed seed ${DETERMINISTIC_MODEL_SEED} (recorded with the run).`,
      },
    ],
  },
};

// Looked up by the names a file writes: a block called 'constructor' or 'toString' finds no spec,
// not Object's method.
Object.setPrototypeOf(BLOCKS, null);

const ATTRIBUTE_SPECS = new Map<string, Map<string, AttributeSpec>>();
for (const [kind, b] of Object.entries(BLOCKS)) {
  const byName = new Map<string, AttributeSpec>();
  for (const a of b.attributes) if (!byName.has(a.name)) byName.set(a.name, a);
  ATTRIBUTE_SPECS.set(kind, byName);
}

/** What a block kind's attribute of this name takes, when the block and the attribute are known (the rules ask once per attribute of a file). */
export function attributeSpec(blockKind: string, name: string): AttributeSpec | undefined {
  return ATTRIBUTE_SPECS.get(blockKind)?.get(name);
}

export { TOP_LEVEL_BLOCKS } from './keywords.js';

/**
 * Whether a block of `kind` may stand where it is: at the top level (no parent) or nested in a
 * block of `parentKind`. 'unknown-block' reports any other place, and the checker judges nothing
 * such a block holds: its error is the only one (errors do not cascade), and serving reads
 * 'defaults' in 'serve' only, so one elsewhere fills no request.
 */
export function blockBelongs(kind: string, parentKind: string | undefined): boolean {
  return parentKind === undefined ? TOP_LEVEL_BLOCKS.includes(kind) : (BLOCKS[parentKind]?.nested ?? []).includes(kind);
}

/** The block kinds that take a block of `kind` nested in them ('serve' for 'defaults'). */
export function nestingKinds(kind: string): string[] {
  return Object.values(BLOCKS)
    .filter((b) => b.nested?.includes(kind))
    .map((b) => b.kind);
}

/** Metrics by name, from the metrics module's table (the one statement of what each means). */
export const METRICS: Record<string, { task: Task; higherIsBetter: boolean; range: ValueRange; doc: string }> = Object.fromEntries(
  Object.entries(METRIC_TABLE).map(([name, m]) => [name, { task: m.tasks[0], higherIsBetter: m.higherIsBetter, range: m.range, doc: m.description }]),
);

/** Drift statistics by name, from the drift module's catalogue (the one statement of what each means). */
export const DRIFT_STATISTICS: Record<string, string> = Object.fromEntries(
  Object.entries(DRIFT_STATISTIC_INFO).map(([name, s]) => [name, s.description]),
);
