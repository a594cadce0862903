// zod/mini, as the catalogue's state schemas: the checker's bundle reaches this file (through
// STATE_VERSION) and would otherwise build all of classic zod's schemas at load.
import * as z from 'zod/mini';
import { transformNamed, type NodeState as CatalogueNodeState } from '../transforms/index.js';
import { StateError } from './errors.js';

/**
 * What fitting learns, as plain JSON saved with the model: the type each primary column had
 * (so serving checks request fields against training), and the statistics of every fitted
 * node keyed by the node's canonical text. Literal statistics are recorded too, so serving
 * reads one place.
 */

export const STATE_VERSION = 1;

export type ValueType = 'number' | 'string';

/** A fitted node's saved statistics: the union of the catalogue's state schemas. */
export type NodeState = CatalogueNodeState;

export interface FittedState {
  version: typeof STATE_VERSION;
  /** Types of the primary-table columns the features read, as seen when fitting. */
  columns: Record<string, ValueType>;
  nodes: Record<string, NodeState>;
}

const stateFile = z.object({
  version: z.literal(STATE_VERSION),
  columns: z.record(z.string(), z.enum(['number', 'string'])),
  nodes: z.record(z.string(), z.looseObject({ kind: z.string() })),
});

/**
 * Checks a parsed JSON value is a fitted state this engine reads; throws `StateError`. The
 * shape is a zod schema; each node's statistics are checked by its transform's state schema
 * in the catalogue (`transforms/<name>.ts`).
 */
export function readState(json: unknown): FittedState {
  if (typeof json !== 'object' || json === null) throw new StateError('not an object');
  const o = json as Record<string, unknown>;
  if (o.version !== STATE_VERSION) {
    throw new StateError(`version ${JSON.stringify(o.version)} is not supported (this engine reads version ${STATE_VERSION})`);
  }
  const top = stateFile.safeParse(json);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    const [where, name] = issue.path.map(String);
    if (where === 'columns' && name !== undefined) throw new StateError(`column ${name} has type ${JSON.stringify((o.columns as Record<string, unknown>)[name])}`);
    if (where === 'nodes' && name !== undefined) throw new StateError(`node ${name}: not an object`);
    throw new StateError(`'${where ?? 'state'}' is missing or malformed`);
  }
  for (const [key, node] of Object.entries(top.data.nodes)) {
    const schema = transformNamed(node.kind)?.state;
    if (!schema) throw new StateError(`node ${key}: unknown kind ${JSON.stringify(node.kind)}`);
    const r = schema.safeParse(node);
    if (!r.success) throw new StateError(`node ${key}: ${r.error.issues[0]!.message}`);
  }
  return json as FittedState;
}
