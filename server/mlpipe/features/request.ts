import { isMissing, parseNumber } from '../data/values.js';
import { closureOf, isTransformNode, nodeInputs, transformOf, type FeaturePlan } from './plan.js';

/** What a serving request may hold: primary-table columns by name, as JSON gives them. */
export type RequestValue = string | number | boolean | null | undefined;
export type FeatureRequest = Readonly<Record<string, RequestValue>>;

export interface RequestField {
  /** A primary-table column. */
  column: string;
  /** True when every path from the column to a model input passes a `fill_missing`. */
  covered: boolean;
  /** The value of a `fill_missing` applied directly to the column (what training fills in). */
  default?: string | number;
  /** The feature whose definition holds that `fill_missing`. */
  defaultIn?: string;
  /**
   * The first `fill_missing` that fills what a transform computed from the column
   * (`fill_missing(standardize(x), 0)`), outside any window: training's rows without the column
   * get its value, while a serve default fills the column before the transform. Windows (their
   * `as_of` and join key) are not followed: `skew/window-default` judges those defaults.
   */
  filledAfter?: { value: string | number; feature: string };
  /**
   * What a request without the field is scored as: the one value every reader of the column fills
   * in directly. Undefined where readers fill it differently (`fill_missing(c, 0)` beside
   * `fill_missing(c, 50)`, or a fill after a transform) or one reads it unfilled: then no value
   * sent stands for leaving it out, so none is listed as its default (`/metadata`).
   */
  absentAs?: string | number;
  /** Model inputs that read it. */
  features: string[];
  /**
   * Those of `features` that read it on a path no `fill_missing` covers: a request without it is
   * refused because of these alone (naming every reader sent users to wrap windows already wrapped).
   */
  uncoveredIn: string[];
}

/**
 * The request fields the model's features read (including a window's key and `as_of`
 * columns), in plan order, and whether a missing value is covered by a transform that
 * `coversMissing` (fill_missing).
 */
export function requiredRequestFields(plan: FeaturePlan): RequestField[] {
  const nodes = plan.nodes;
  const { read, uncovered } = columnsBelowNodes(plan);
  // Per column, the model inputs that read it, and those that read it with no covering transform
  // above it, each in plan order.
  const readers = new Map<number, Set<string>>();
  const uncoveredBy = new Map<number, Set<string>>();
  const note = (into: Map<number, Set<string>>, id: number, feature: string): void => {
    let set = into.get(id);
    if (set === undefined) into.set(id, (set = new Set()));
    set.add(feature);
  };
  for (const out of plan.outputs) {
    for (const id of read[out.node]) note(readers, id, out.feature);
    for (const id of uncovered[out.node]) note(uncoveredBy, id, out.feature);
  }
  const fills = new Map<number, { value: string | number; feature: string }>();
  for (const node of nodes) {
    if (!isTransformNode(node)) continue;
    const fill = transformOf(node).kernels.fills;
    if (fill && nodes[node.input].kind === 'column' && !fills.has(node.input)) fills.set(node.input, { value: fill(node.params), feature: node.feature });
  }
  const later = new Map<number, { value: string | number; feature: string }>();
  for (const node of nodes) {
    if (!isTransformNode(node)) continue;
    const fill = transformOf(node).kernels.fills;
    if (!fill || nodes[node.input].kind === 'column') continue;
    for (const id of columnsBelow(plan, node.input)) if (!later.has(id)) later.set(id, { value: fill(node.params), feature: node.feature });
  }
  const absent = absentValues(plan);
  const out: RequestField[] = [];
  for (const node of nodes) {
    const features = readers.get(node.id);
    if (node.kind !== 'column' || features === undefined) continue;
    const uncoveredIn = uncoveredBy.get(node.id);
    const field: RequestField = { column: node.column, covered: uncoveredIn === undefined, features: [...features], uncoveredIn: uncoveredIn ? [...uncoveredIn] : [] };
    const d = fills.get(node.id);
    if (d !== undefined) {
      field.default = d.value;
      field.defaultIn = d.feature;
    }
    const l = later.get(node.id);
    if (l !== undefined) field.filledAfter = l;
    const a = absent.get(node.id);
    if (a !== undefined && a !== null) field.absentAs = a;
    out.push(field);
  }
  return out;
}

/**
 * Per column node the model inputs need, the value its readers fill a missing value with: the
 * fill's value when every reader is a fill of that one value, null when any reader is something
 * else (a transform, an operator, a window's key or time, a model input reading it as is) or
 * fills another value.
 */
function absentValues(plan: FeaturePlan): Map<number, string | number | null> {
  const nodes = plan.nodes;
  const absent = new Map<number, string | number | null>();
  const read = (column: number, value: string | number | null) => {
    const seen = absent.get(column);
    absent.set(column, seen === undefined || seen === value ? value : null);
  };
  for (const out of plan.outputs) if (nodes[out.node].kind === 'column') read(out.node, null);
  for (const id of closureOf(plan, plan.outputs.map((o) => o.node))) {
    const node = nodes[id];
    const fill = isTransformNode(node) ? transformOf(node).kernels.fills : undefined;
    for (const i of nodeInputs(node)) if (nodes[i].kind === 'column') read(i, fill && isTransformNode(node) ? fill(node.params) : null);
  }
  return absent;
}

/**
 * Per plan node, the column nodes it reads (`read`), and those it reads on a path with no
 * transform that `coversMissing` (fill_missing) on the way (`uncovered`), as sorted ids. Built
 * once bottom-up: the compiler adds a node after its inputs, so inputs have smaller ids. Walking
 * the plan again from each model input cost outputs x nodes: 0.4-0.9 s for 4,000 inputs, and
 * the checker asks for a served model's fields on every check with a serve default.
 */
function columnsBelowNodes(plan: FeaturePlan): { read: ReadonlyArray<readonly number[]>; uncovered: ReadonlyArray<readonly number[]> } {
  const read: Array<readonly number[]> = [];
  const uncovered: Array<readonly number[]> = [];
  for (const node of plan.nodes) {
    if (node.kind === 'column') {
      read.push([node.id]);
      uncovered.push([node.id]);
      continue;
    }
    let r: readonly number[] = NONE;
    let u: readonly number[] = NONE;
    for (const i of nodeInputs(node)) {
      r = union(r, read[i]);
      u = union(u, uncovered[i]);
    }
    read.push(r);
    // A covering transform's inputs are read covered, whatever is above it.
    uncovered.push(isTransformNode(node) && transformOf(node).coversMissing !== undefined ? NONE : u);
  }
  return { read, uncovered };
}

const NONE: readonly number[] = [];

/** Two sorted id lists as one; either one itself when it holds the other's ids. */
function union(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i === a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  if (out.length === a.length) return a;
  if (out.length === b.length) return b;
  return out;
}

/**
 * The column nodes below `id` that no other covering transform stands between, outside windows:
 * those whose missing value a fill at `id`'s parent replaces after transforms.
 */
function columnsBelow(plan: FeaturePlan, id: number, out: number[] = []): number[] {
  const node = plan.nodes[id];
  if (isTransformNode(node) && transformOf(node).coversMissing !== undefined) return out;
  switch (node.kind) {
    case 'column':
      if (!out.includes(id)) out.push(id);
      return out;
    case 'const':
    case 'range':
    case 'window':
      return out;
    case 'binary':
      columnsBelow(plan, node.left, out);
      return columnsBelow(plan, node.right, out);
    default:
      return columnsBelow(plan, node.input, out);
  }
}

/** The data layer's missing-value rule, for request text. */
export function isMissingText(s: string): boolean {
  return isMissing(s);
}

/** A number written as text, by the data layer's rule; undefined when it is not one. */
export function numberFromText(s: string): number | undefined {
  return parseNumber(s);
}
