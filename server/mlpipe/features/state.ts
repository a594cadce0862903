import { StateError } from './errors.js';

/**
 * What fitting learns, as plain JSON saved with the model: the type each primary column had
 * (so serving checks request fields against training), and the statistics of every fitted
 * node keyed by the node's canonical text. Literal statistics are recorded too, so serving
 * reads one place.
 */

export const STATE_VERSION = 1;

export type ValueType = 'number' | 'string';

export type NodeState =
  | { kind: 'standardize'; mean: number; std: number; count: number }
  | { kind: 'min_max'; min: number; max: number; count: number }
  | { kind: 'bucketize'; edges: number[]; count: number }
  | { kind: 'one_hot'; vocabulary: Array<string | number>; count: number };

export interface FittedState {
  version: typeof STATE_VERSION;
  /** Types of the primary-table columns the features read, as seen when fitting. */
  columns: Record<string, ValueType>;
  nodes: Record<string, NodeState>;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Checks a parsed JSON value is a fitted state this engine reads; throws `StateError`. */
export function readState(json: unknown): FittedState {
  if (typeof json !== 'object' || json === null) throw new StateError('not an object');
  const o = json as Record<string, unknown>;
  if (o.version !== STATE_VERSION) {
    throw new StateError(`version ${JSON.stringify(o.version)} is not supported (this engine reads version ${STATE_VERSION})`);
  }
  const columns = o.columns as Record<string, unknown>;
  if (typeof columns !== 'object' || columns === null) throw new StateError("'columns' is missing");
  for (const [name, t] of Object.entries(columns)) {
    if (t !== 'number' && t !== 'string') throw new StateError(`column ${name} has type ${JSON.stringify(t)}`);
  }
  const nodes = o.nodes as Record<string, unknown>;
  if (typeof nodes !== 'object' || nodes === null) throw new StateError("'nodes' is missing");
  for (const [key, raw] of Object.entries(nodes)) {
    const n = raw as Record<string, unknown>;
    const bad = (what: string): never => {
      throw new StateError(`node ${key}: ${what}`);
    };
    if (typeof n !== 'object' || n === null) bad('not an object');
    if (!isNum(n.count)) bad("'count' is not a number");
    switch (n.kind) {
      case 'standardize':
        if (!isNum(n.mean) || !isNum(n.std) || !((n.std as number) > 0)) bad("needs a finite 'mean' and a positive 'std'");
        break;
      case 'min_max':
        if (!isNum(n.min) || !isNum(n.max) || (n.max as number) < (n.min as number)) bad("needs finite 'min' <= 'max'");
        break;
      case 'bucketize': {
        const e = n.edges;
        if (!Array.isArray(e) || !e.every(isNum) || e.some((v, i) => i > 0 && !(v > e[i - 1]))) {
          bad("'edges' must be ascending numbers");
        }
        break;
      }
      case 'one_hot':
        if (!Array.isArray(n.vocabulary) || !n.vocabulary.every((v) => typeof v === 'string' || isNum(v))) {
          bad("'vocabulary' must be a list of strings and numbers");
        }
        break;
      default:
        bad(`unknown kind ${JSON.stringify(n.kind)}`);
    }
  }
  return json as FittedState;
}
