import { isMissing, parseNumber } from '../data/values.js';
import { closureOf, isTransformNode, transformOf, type FeaturePlan } from './plan.js';

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
  // uncovered[id]: reached on some path with no covering transform above it.
  let reached = new Uint8Array(nodes.length);
  let uncovered = new Uint8Array(nodes.length);
  const visit = (id: number, covered: boolean): void => {
    const seenCovered = reached[id] && (covered || uncovered[id]);
    if (seenCovered) return;
    reached[id] = 1;
    if (!covered) uncovered[id] = 1;
    const node = nodes[id];
    const below = covered || (isTransformNode(node) && transformOf(node).coversMissing !== undefined);
    switch (node.kind) {
      case 'column':
      case 'const':
        return;
      case 'range':
        visit(node.keyInput, below);
        if (node.timeInput !== undefined) visit(node.timeInput, below);
        return;
      case 'window':
        visit(node.range, below);
        return;
      case 'binary':
        visit(node.left, below);
        visit(node.right, below);
        return;
      default:
        visit(node.input, below);
    }
  };
  // Per model input first (which inputs leave each column uncovered), then all of them together.
  const uncoveredIn = new Map<number, string[]>();
  for (const out of plan.outputs) {
    reached = new Uint8Array(nodes.length);
    uncovered = new Uint8Array(nodes.length);
    visit(out.node, false);
    uncovered.forEach((u, id) => {
      if (!u || nodes[id].kind !== 'column') return;
      const list = uncoveredIn.get(id) ?? [];
      if (!list.includes(out.feature)) list.push(out.feature);
      uncoveredIn.set(id, list);
    });
  }
  reached = new Uint8Array(nodes.length);
  uncovered = new Uint8Array(nodes.length);
  for (const out of plan.outputs) visit(out.node, false);

  const readers = new Map<number, string[]>();
  for (const out of plan.outputs) {
    for (const id of closureOf(plan, [out.node])) {
      if (nodes[id].kind !== 'column') continue;
      const list = readers.get(id) ?? [];
      if (!list.includes(out.feature)) list.push(out.feature);
      readers.set(id, list);
    }
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
  const out: RequestField[] = [];
  for (const node of nodes) {
    if (node.kind !== 'column' || !reached[node.id]) continue;
    const field: RequestField = { column: node.column, covered: !uncovered[node.id], features: readers.get(node.id) ?? [], uncoveredIn: uncoveredIn.get(node.id) ?? [] };
    const d = fills.get(node.id);
    if (d !== undefined) {
      field.default = d.value;
      field.defaultIn = d.feature;
    }
    const l = later.get(node.id);
    if (l !== undefined) field.filledAfter = l;
    out.push(field);
  }
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

/** Number syntax whose value no double holds (`1e400`), by the data layer's rule: for the message of a refused value. */
export { beyondDouble } from '../data/values.js';

/** A number written as text, by the data layer's rule; undefined when it is not one. */
export function numberFromText(s: string): number | undefined {
  return parseNumber(s);
}
