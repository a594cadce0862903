import { RequestError, type RequestIssue } from './errors.js';
import { RowEvaluator, TimeValueError } from './evaluate.js';
import type { HistoryIndex } from './history.js';
import { evaluationOrder } from './load.js';
import type { FeaturePlan } from './plan.js';
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
import { beyondFloat32, beyondFloat32Reason } from './usable.js';

export interface RowOptions {
  /** `serve { defaults { … } }`: values for request fields that are absent or null. */
  defaults?: Readonly<Record<string, string | number>>;
}

interface Prepared {
  order: Int32Array;
  fields: Array<RequestField & { id: number; numeric: boolean }>;
  evaluators: WeakMap<HistoryIndex, RowEvaluator>;
}

const prepared = new WeakMap<Runtime, Prepared>();

function prepare(rt: Runtime): Prepared {
  let p = prepared.get(rt);
  if (p) return p;
  const plan = rt.plan;
  const ids = new Map<string, number>();
  for (const node of plan.nodes) if (node.kind === 'column') ids.set(node.column, node.id);
  const fields = requiredRequestFields(plan).map((f) => {
    const id = ids.get(f.column)!;
    return { ...f, id, numeric: rt.types[id] === NUM };
  });
  p = { order: evaluationOrder(plan, plan.outputs.map((o) => o.node)), fields, evaluators: new WeakMap() };
  prepared.set(rt, p);
  return p;
}

type Parsed = { ok: true; value: number | string | null } | { ok: false; message: string };

/** A request value in the column's training type; null is missing. */
function parseValue(column: string, v: RequestValue, numeric: boolean): Parsed {
  if (v === null || v === undefined) return { ok: true, value: null };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { ok: true, value: null };
    return { ok: true, value: numeric ? v : String(v) };
  }
  if (typeof v === 'boolean') {
    if (numeric) return { ok: false, message: `field ${column} must be a number, not ${v}` };
    return { ok: true, value: String(v) };
  }
  if (typeof v !== 'string') return { ok: false, message: `field ${column} must be a ${numeric ? 'number' : 'string'}` };
  if (isMissingText(v)) return { ok: true, value: null };
  if (!numeric) return { ok: true, value: v };
  const n = numberFromText(v);
  if (n === undefined) return { ok: false, message: `field ${column} must be a number, not the text ${JSON.stringify(v)}` };
  return { ok: true, value: n };
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
  const { rt, layout } = runtimeFor(plan, state);
  const p = prepare(rt);
  let ev = p.evaluators.get(history);
  if (!ev) {
    ev = new RowEvaluator(rt, history);
    p.evaluators.set(history, ev);
  }
  const issues: RequestIssue[] = [];
  for (const f of p.fields) {
    let parsed = parseValue(f.column, request[f.column], f.numeric);
    if (parsed.ok && parsed.value === null && opts.defaults && Object.prototype.hasOwnProperty.call(opts.defaults, f.column)) {
      parsed = parseValue(f.column, opts.defaults[f.column], f.numeric);
      if (!parsed.ok) parsed = { ok: false, message: `serve default for ${f.column}: ${parsed.message}` };
    }
    if (!parsed.ok) {
      issues.push({ field: f.column, message: parsed.message });
      continue;
    }
    if (parsed.value === null && !f.covered) {
      issues.push({
        field: f.column,
        message: `field ${f.column} is missing (read by ${f.features.join(', ')}; no fill_missing or serve default covers it)`,
      });
      continue;
    }
    if (f.numeric) ev.num[f.id] = parsed.value === null ? NaN : (parsed.value as number);
    else ev.str[f.id] = parsed.value as string | null;
  }
  if (issues.length > 0) throw new RequestError(issues);
  try {
    ev.run(p.order);
  } catch (e) {
    if (e instanceof TimeValueError) throw new RequestError([{ field: e.column, message: `field ${e.column}: ${e.reason}` }]);
    throw e;
  }
  for (const f of layout.features) {
    if (rt.types[f.node] === VEC) continue;
    const v = ev.num[f.node];
    if (v !== v) {
      issues.push({
        field: f.feature,
        message: `feature ${f.feature} is missing for this request (an empty window or a value its transforms cannot take); wrap it in fill_missing`,
      });
    } else if (beyondFloat32(v)) {
      issues.push({ field: f.feature, message: `feature '${f.feature}' ${beyondFloat32Reason(v)}` });
    }
  }
  if (issues.length > 0) throw new RequestError(issues);
  ev.write(layout, out, at);
}
