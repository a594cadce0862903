import { RequestError, type RequestIssue } from './errors.js';
import { RowEvaluator, TimeValueError } from './evaluate.js';
import type { HistoryIndex } from './history.js';
import { evaluationOrder } from './load.js';
import { isTransformNode, transformOf, type FeaturePlan } from './plan.js';
import { compactDate, epochSecondsText } from '../data/isoTime.js';
import { notANumberWhy, parseNumber } from '../data/values.js';
import {
  isMissingText,
  numberFromText,
  requiredRequestFields,
  type FeatureRequest,
  type RequestField,
  type RequestValue,
} from './request.js';
import { NUM, runtimeFor, VEC, type Runtime } from './runtime.js';
import type { FittedState } from './state.js';
import { defaultParseTime } from './time.js';
import { beyondFloat32, beyondFloat32Reason } from './usable.js';

/** A `serve { defaults { … } }` value, as the file writes it. */
export type ServeDefault = string | number | boolean;

export interface RowOptions {
  /** `serve { defaults { … } }`: values for request fields that are absent or null. */
  defaults?: Readonly<Record<string, ServeDefault>>;
}

interface Prepared {
  order: Int32Array;
  /**
   * `time`: the field is read as a time (a window's `as_of`), by `defaultParseTime`.
   * `learned`: the categories vocabularies learned for a text field (through fills), if any.
   * `textTimes`: a time field whose training column was text (ISO dates or date-times).
   */
  fields: Array<RequestField & { id: number; numeric: boolean; time: boolean; textTimes: boolean; learned?: ReadonlySet<string>; numberSpellings?: ReadonlyMap<number, string> }>;
  evaluators: WeakMap<HistoryIndex, RowEvaluator>;
}

const prepared = new WeakMap<Runtime, Prepared>();

function prepare(rt: Runtime): Prepared {
  let p = prepared.get(rt);
  if (p) return p;
  const plan = rt.plan;
  const ids = new Map<string, number>();
  const times = new Set<number>();
  for (const node of plan.nodes) {
    if (node.kind === 'column') ids.set(node.column, node.id);
    else if (node.kind === 'time') times.add(node.input);
  }
  const fields = requiredRequestFields(plan).map((f) => {
    const id = ids.get(f.column)!;
    const time = times.has(id);
    const learned = learnedCategories(rt, id);
    return { ...f, id, numeric: rt.types[id] === NUM, time, textTimes: time && rt.columnTypes.get(f.column) === 'string', learned, numberSpellings: numberSpellingsOf(learned) };
  });
  p = { order: evaluationOrder(plan, plan.outputs.map((o) => o.node)), fields, evaluators: new WeakMap() };
  prepared.set(rt, p);
  return p;
}

/**
 * Per request field a vocabulary reads (directly or through fills), the categories it learned:
 * `/metadata` lists them, since a client cannot otherwise tell a category the model knows from one
 * it scores as unseen (`Basic` for `basic`: the all-zero vector, answered 200 without a word).
 */
export function learnedFieldCategories(plan: FeaturePlan, state: FittedState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of prepare(runtimeFor(plan, state).rt).fields) if (f.learned) out.set(f.column, [...f.learned]);
  return out;
}

/** The categories the vocabularies reading column node `id` (directly or through fills) learned. */
function learnedCategories(rt: Runtime, id: number): ReadonlySet<string> | undefined {
  let out: Set<string> | undefined;
  for (const node of rt.plan.nodes) {
    const labels = rt.kernels[node.id]?.labels;
    if (!labels || !isTransformNode(node) || !rt.ready[node.id]) continue;
    let input = node.input;
    for (let n = rt.plan.nodes[input]; isTransformNode(n) && transformOf(n).coversMissing; n = rt.plan.nodes[input]) input = n.input;
    if (input === id) for (const l of labels(rt.prepared[node.id])) (out ??= new Set()).add(l);
  }
  return out;
}

/**
 * A JSON boolean reads as the text 'true'/'false'; data written by pandas or a spreadsheet spells
 * it 'True'/'FALSE'. Where the model learned only another spelling, the boolean would be an
 * unseen category (the all-zero vector, without a word): refused, naming the spelling. So is a
 * boolean word as text ('true' from a Polars or DuckDB CSV, or a Parquet BOOLEAN, scored against
 * a model trained on pandas' 'True'), or the digit text '0'/'1' (a database's export): one value
 * of the same data, written by another tool. (The JSON numbers 0 and 1: `numberSpellingsOf`.)
 */
function booleanSpelling(column: string, v: boolean | string, learned: ReadonlySet<string> | undefined): Invalid | undefined {
  // Serving asks this of every text field: only a one-, four- or five-character text can be such a word.
  if (!learned || (typeof v === 'string' && v.length !== 4 && v.length !== 5 && v.length !== 1)) return undefined;
  const text = String(v);
  const l = learnedBooleanSpelling(text, learned);
  if (l === undefined) return undefined;
  const reads = typeof v === 'boolean' ? `${text} reads as ${JSON.stringify(text)}` : `${JSON.stringify(text)} is another spelling`;
  return new Invalid(`field '${column}' is text the model learned as ${JSON.stringify(l)}: send that text (${reads}, a category it never saw)`);
}

/**
 * The spelling `learned` holds of the boolean word `text` (`false` for `False`, and for `0`; `true`
 * for `1`, as numpy, SQL databases and R's `as.integer` write a boolean) when it lacks `text`
 * itself: serving and `mlpipe score` refuse `text` then (`booleanSpelling`, and for a JSON 0 or 1
 * `numberSpellingsOf`), and the checker asks it of the test split's unseen categories, which a
 * run's evaluation encodes as all zeros instead. Undefined for any other text.
 */
export function learnedBooleanSpelling(text: string, learned: ReadonlySet<string>): string | undefined {
  if (learned.has(text)) return undefined;
  const word = text === '1' ? 'true' : text === '0' ? 'false' : text.toLowerCase();
  if (word !== 'true' && word !== 'false') return undefined;
  for (const l of learned) if (l.toLowerCase() === word) return l;
  return undefined;
}

/**
 * The learned categories of a text field that read as numbers written otherwise than a number
 * reads (`07`, `1.0`, `1e3`), by the number, where the vocabulary lacks the number's own text
 * (`7`, `1`, `1000`); then 0 and 1 for a boolean the vocabulary spells as a word and not as that
 * digit (`learnedBooleanSpelling`: numpy's bools sent as ints). Undefined when there are none
 * (most vocabularies), so that a request's number costs one Map lookup and no string where there
 * are some, nothing where there are none.
 */
function numberSpellingsOf(learned: ReadonlySet<string> | undefined): ReadonlyMap<number, string> | undefined {
  if (!learned) return undefined;
  let out: Map<number, string> | undefined;
  for (const l of learned) {
    const n = parseNumber(l);
    if (n === undefined || !Number.isFinite(n) || learned.has(String(n)) || (out && out.has(n))) continue;
    (out ??= new Map()).set(n, l);
  }
  for (const n of [0, 1]) {
    const l = out?.has(n) ? undefined : learnedBooleanSpelling(String(n), learned);
    if (l !== undefined) (out ??= new Map()).set(n, l);
  }
  return out;
}

/**
 * A JSON number for a text field reads as its text as JavaScript writes it (`7`, `1` for `1.0`):
 * the CSV reader keeps a text column's cells as written, so where the model learned that number
 * only written another way (`07`, as a zip or a code; `1.0`), the request would be an unseen
 * category (the all-zero vector, answered 200 without a word) while the training row with the
 * same cell was not: a client that parsed the data into numbers (pandas reads `07` as 7) sends
 * it so. Refused, naming the text to send, as a boolean in another spelling is. O(1) and
 * allocation-free until it refuses (`numberSpellingsOf`).
 */
function numberSpelling(column: string, v: number, spellings: ReadonlyMap<number, string> | undefined): Invalid | undefined {
  const learnedAs = spellings?.get(v);
  if (learnedAs === undefined) return undefined;
  return new Invalid(`field '${column}' is text the model learned as ${JSON.stringify(learnedAs)}: send that text (${v} reads as ${JSON.stringify(String(v))}, a category it never saw)`);
}

/**
 * A serve default for a text field whose vocabularies learned `learned` (its boolean, its text
 * `true`/`false` in any case, or its number) only in another spelling, in the words serving
 * refuses it with at start, as it refuses a request sending it; the checker asks it of the data.
 */
export function spellingDefaultProblem(column: string, value: ServeDefault, learned: ReadonlySet<string> | undefined): string | undefined {
  const spelling = typeof value === 'number' ? numberSpelling(column, value, numberSpellingsOf(learned)) : booleanSpelling(column, value, learned);
  return spelling && serveDefaultMessage(column, spelling.message);
}

/** A request value that cannot be read in its column's type (allocated only then). */
class Invalid {
  constructor(readonly message: string) {}
}

/** A parsed request value: a number, a string, null (missing) or why it is invalid. */
type Parsed = number | string | null | Invalid;

/**
 * A request value in the column's training type; null is missing. No result object per value:
 * serving parses every field of every request.
 */
function parseValue(column: string, v: RequestValue, numeric: boolean): Parsed {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    return numeric ? v : String(v);
  }
  if (typeof v === 'boolean') {
    if (numeric) return new Invalid(`field '${column}' must be a number, not ${v}`);
    return String(v);
  }
  if (typeof v !== 'string') return new Invalid(`field '${column}' must be a ${numeric ? 'number' : 'string'}`);
  if (isMissingText(v)) return null;
  if (!numeric) return v;
  const n = numberFromText(v);
  if (n === undefined) {
    return new Invalid(`field '${column}' must be a number, not the text ${JSON.stringify(v)}${notANumberWhy(v)}`);
  }
  return n;
}

/**
 * A serve default as its field reads it (`parseValue`, the request rule): `"2"` for a number
 * field is 2, `7` for a text field is `"7"`. `/metadata` lists it so, under the field's type: it
 * listed the text `"2"` for a field of `type: "number"`. A default the field cannot read is
 * refused at start, so this is given only readable ones; one that is still unreadable, or
 * missing, is returned as written.
 */
export function defaultAsRead(column: string, value: ServeDefault, numeric: boolean): ServeDefault {
  const parsed = parseValue(column, value, numeric);
  return parsed === null || parsed instanceof Invalid ? value : parsed;
}

const serveDefaultMessage = (column: string, problem: string) => `serve default for '${column}': ${problem}`;

/**
 * Why a serve default cannot stand in for its field, read as requests are (`numeric`: the field
 * is a number; `time`: a window reads it as a time, `as_of`), or undefined when it can. The
 * checker asks it of the data's column type, serving of the trained one, before any request: a
 * default every request would be refused for. A time is judged by the evaluator's own parser
 * (`defaultParseTime`), in the words a request relying on the default is refused with.
 * A default that is itself missing text ("NA", "", "null": the data layer's rule) fills nothing:
 * `uncoveredIn` names the model inputs that read the field with no `fill_missing` on the way
 * (`RequestField.uncoveredIn`), for which every request without the field is refused although
 * the file gives it a default. Where a `fill_missing` covers every path, such a request gets
 * training's fill, as one without a default does: quiet.
 */
export function serveDefaultProblem(
  column: string,
  value: ServeDefault,
  numeric: boolean,
  time = false,
  uncoveredIn: readonly string[] = [],
  textTimes = false,
): string | undefined {
  const parsed = parseValue(column, value, numeric);
  if (parsed instanceof Invalid) return serveDefaultMessage(column, parsed.message);
  if (parsed === null) return uncoveredIn.length ? serveDefaultMessage(column, missingDefaultMessage(column, value, uncoveredIn)) : undefined;
  if (!time) return undefined;
  try {
    defaultParseTime(parsed);
  } catch (e) {
    return serveDefaultMessage(column, timeFieldMessage(column, (e as Error).message));
  }
  // `textTimes`: the column's times are text (ISO) in the data, where a request's YYYYMMDD number is refused.
  const compact = textTimes ? compactDateProblem(column, String(parsed)) : undefined;
  return compact === undefined ? undefined : serveDefaultMessage(column, compact);
}

/** A serve default that is a missing value, read by model inputs no `fill_missing` covers. */
function missingDefaultMessage(column: string, value: ServeDefault, uncoveredIn: readonly string[]): string {
  const readers = uncoveredIn.map((n) => `'${n}'`).join(', ');
  return `${JSON.stringify(value)} is a missing value, so it fills nothing: requests without '${column}' are refused (read by ${readers} with no fill_missing); give a value, or drop this default`;
}

/**
 * A time field sent as a whole number that reads as a date written YYYYMMDD (20250301), for a
 * column the model's training data wrote as text (ISO dates or date-times): the time parser reads
 * the number as epoch seconds (1970-08-23), so every window of the request was empty and the
 * prediction differed from the training row's, silently. A column trained on numbers read such
 * numbers as seconds in training too (the checker warns of that: `skew/dates-as-numbers`).
 */
function compactDateProblem(column: string, text: string): string | undefined {
  if (text.length !== 8) return undefined;
  const iso = compactDate(text);
  if (iso === undefined) return undefined;
  const read = epochSecondsText(text);
  return timeFieldMessage(column, `${text} reads as epoch seconds (${read}), not as the date ${iso}, and the model was trained on '${column}' written as ISO dates or date-times: send '${iso}'`);
}

/** A request field's time that does not parse, as serving refuses it. */
const timeFieldMessage = (column: string, reason: string) => `field '${column}': ${reason}`;

/** The problems of a served model's defaults against the fields its features read (`serveDefaultProblem`). */
export function serveDefaultProblems(plan: FeaturePlan, state: FittedState, defaults: Readonly<Record<string, ServeDefault>>): string[] {
  const out: string[] = [];
  for (const f of prepare(runtimeFor(plan, state).rt).fields) {
    if (!Object.prototype.hasOwnProperty.call(defaults, f.column)) continue;
    const value = defaults[f.column];
    // Read as a request's value is: "True" where the model learned only "true" is refused, as a request sending it is.
    const spelling = !f.numeric ? spellingDefaultProblem(f.column, value, f.learned) : undefined;
    const problem = spelling ?? serveDefaultProblem(f.column, value, f.numeric, f.time, f.uncoveredIn, f.textTimes);
    if (problem) out.push(problem);
  }
  return out;
}

/**
 * Model inputs for one serving request. Runs the same evaluator as `transformBatch`; the
 * request's fields stand in for a primary-table row, and windows read `history`. Throws a
 * `RequestError` listing every field that is missing and not covered by a `fill_missing` or
 * a serve default, every value of the wrong type, and every model input left missing.
 */
export function transformRow(
  plan: FeaturePlan,
  state: FittedState,
  request: FeatureRequest,
  history: HistoryIndex,
  opts: RowOptions = {},
): Float32Array {
  const out = new Float32Array(runtimeFor(plan, state).layout.width);
  transformRowInto(plan, state, request, history, opts, out, 0);
  return out;
}

/** `transformRow` writing the model inputs into `out` from `at`, so serving reuses one buffer. */
export function transformRowInto(
  plan: FeaturePlan,
  state: FittedState,
  request: FeatureRequest,
  history: HistoryIndex,
  opts: RowOptions,
  out: Float32Array,
  at: number,
): void {
  rowTransform(plan, state, history, opts).into(request, out, at);
}

/** What a `RowSlots` slot holds. */
export const SLOT_ABSENT = 0;
export const SLOT_NUMBER = 1;
export const SLOT_TEXT = 2;
export const SLOT_TRUE = 3;
export const SLOT_FALSE = 4;
export const SLOT_NULL = 5;

/**
 * A request's values by field, in `RowTransform.columns`' order, for a reader that has them
 * without a row object (serving reads them from the body's bytes): `kind[i]` says what field i
 * was sent as, `num[i]` its number (finite, as a JSON number is) and `text[i]` its text. A
 * number goes to the features from a Float64Array, so a fraction is never a heap number, and no
 * field is looked up by name. Slots past the columns' are the reader's own.
 */
export class RowSlots {
  readonly kind: Uint8Array;
  readonly num: Float64Array;
  readonly text: Array<string | null>;
  constructor(size: number) {
    this.kind = new Uint8Array(size);
    this.num = new Float64Array(size);
    this.text = new Array<string | null>(size).fill(null);
  }

  /** Field i as the row object would hold it (undefined: absent). */
  value(i: number): RequestValue {
    switch (this.kind[i]) {
      case SLOT_NUMBER:
        return this.num[i];
      case SLOT_TEXT:
        return this.text[i];
      case SLOT_TRUE:
        return true;
      case SLOT_FALSE:
        return false;
      case SLOT_NULL:
        return null;
      default:
        return undefined;
    }
  }
}

/** `transformRowInto` for one (plan, state, history, options): `into(request, out, at)`. */
export interface RowTransform {
  /** The request fields the features read, in the order `intoSlots` takes them. */
  readonly columns: readonly string[];
  into(request: FeatureRequest, out: Float32Array, at: number): void;
  /** `into` of the row whose fields `slots` holds: the same answer and the same RequestError. */
  intoSlots(slots: RowSlots, out: Float32Array, at: number): void;
}

/**
 * `transformRowInto` with what it looks up per call (the runtime, the prepared fields, the
 * evaluator: four WeakMap reads) resolved once, for a caller that transforms many requests
 * with the same plan, state, history and options (serving, per served version). The same
 * code evaluates the row.
 */
export function rowTransform(plan: FeaturePlan, state: FittedState, history: HistoryIndex, opts: RowOptions = {}): RowTransform {
  const { rt, layout } = runtimeFor(plan, state);
  const p = prepare(rt);
  const ev = evaluatorOf(p, rt, history);
  const fields = p.fields;
  // A finite number for these is stored as sent: parseValue keeps it, and no check reads it.
  const plainNumber = fields.map((f) => f.numeric && !f.textTimes);
  const columns = fields.map((f) => f.column);
  /** The row's fields from `request` or, where it is null, from `slots`. */
  const run = (request: FeatureRequest | null, slots: RowSlots | null, out: Float32Array, at: number): void => {
    // Allocated at the first problem only.
    let issues: RequestIssue[] | null = null;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      let given: RequestValue;
      if (request !== null) {
        // Own fields only: a field named 'constructor' is otherwise every object's inherited function.
        given = Object.hasOwn(request, f.column) ? request[f.column] : undefined;
      } else if (slots!.kind[i] === SLOT_NUMBER && plainNumber[i]) {
        ev.num[f.id] = slots!.num[i];
        continue;
      } else given = slots!.value(i);
      let parsed =
        (!f.numeric && (typeof given === 'number' ? numberSpelling(f.column, given, f.numberSpellings) : (typeof given === 'boolean' || typeof given === 'string') && booleanSpelling(f.column, given, f.learned))) ||
        parseValue(f.column, given, f.numeric);
      if (parsed === null && opts.defaults && Object.prototype.hasOwnProperty.call(opts.defaults, f.column)) {
        parsed = parseValue(f.column, opts.defaults[f.column], f.numeric);
        if (parsed instanceof Invalid) parsed = new Invalid(serveDefaultMessage(f.column, parsed.message));
      }
      if (parsed instanceof Invalid) {
        (issues ??= []).push({ field: f.column, message: parsed.message });
        continue;
      }
      if (parsed === null && !f.covered) {
        // A serve default that is itself missing text ("NA", "") fills nothing: say so, where "no
        // serve default covers it" contradicted the file the user is looking at.
        const missingDefault = opts.defaults && Object.prototype.hasOwnProperty.call(opts.defaults, f.column) ? opts.defaults[f.column] : undefined;
        const why = missingDefault === undefined ? 'no fill_missing or serve default covers it' : `its serve default ${JSON.stringify(missingDefault)} is a missing value, and no fill_missing covers it`;
        (issues ??= []).push({
          field: f.column,
          message: `field '${f.column}' is missing (read by ${f.uncoveredIn.map((n) => `'${n}'`).join(', ')}; ${why})`,
        });
        continue;
      }
      if (f.textTimes && parsed !== null) {
        const problem = compactDateProblem(f.column, String(parsed));
        if (problem !== undefined) {
          (issues ??= []).push({ field: f.column, message: problem });
          continue;
        }
      }
      if (f.numeric) ev.num[f.id] = parsed === null ? NaN : (parsed as number);
      else ev.str[f.id] = parsed as string | null;
    }
    if (issues !== null) {
      // A time the evaluator refuses is otherwise found only when it runs, which these problems
      // prevent: name it too, so one answer lists every problem of the row.
      for (const f of p.fields) {
        if (!f.time || issues.some((i) => i.field === f.column)) continue;
        const raw = f.numeric ? ev.num[f.id] : ev.str[f.id];
        if (raw === null || raw !== raw) continue;
        try {
          history.parseTime(raw);
        } catch (e) {
          issues.push({ field: f.column, message: timeFieldMessage(f.column, (e as Error).message) });
        }
      }
      throw new RequestError(issues);
    }
    try {
      ev.run(p.order);
    } catch (e) {
      if (e instanceof TimeValueError) throw new RequestError([{ field: e.column, message: timeFieldMessage(e.column, e.reason) }]);
      throw e;
    }
    for (const f of layout.features) {
      if (rt.types[f.node] === VEC) continue;
      const v = ev.num[f.node];
      if (v !== v) {
        (issues ??= []).push({
          field: f.feature,
          message: `feature '${f.feature}' is missing for this request (an empty window or a value its transforms cannot take); wrap it in fill_missing`,
        });
      } else if (beyondFloat32(v)) {
        (issues ??= []).push({ field: f.feature, message: `feature '${f.feature}' ${beyondFloat32Reason(v)}` });
      }
    }
    if (issues !== null) throw new RequestError(issues);
    ev.write(layout, out, at);
  };
  return {
    columns,
    into: (request, out, at) => run(request, null, out, at),
    intoSlots: (slots, out, at) => run(null, slots, out, at),
  };
}

function evaluatorOf(p: Prepared, rt: Runtime, history: HistoryIndex): RowEvaluator {
  let ev = p.evaluators.get(history);
  if (!ev) {
    ev = new RowEvaluator(rt, history);
    p.evaluators.set(history, ev);
  }
  return ev;
}
