import type { ArgSpec, WindowAgg, WindowTransformSpec } from './spec.js';

/**
 * What to do about a numeric window of a text history column with no stray cell to fix: a
 * history column is read only through a window, so 'one_hot' is no remedy. The checker and the
 * engine (a history file changed after training, read at serving) say the same.
 */
export const WINDOW_OF_TEXT_ADVICE = ": 'window_count' is the window that reads text (it counts the values)";

/** The window aggregates share one shape: a history column, a duration, an `as_of`. */
const windowArgs: ArgSpec[] = [
  { name: 'column', kind: 'historyColumn', position: 0, required: true, doc: 'a column of a history table, `table.col`' },
  { name: 'duration', kind: 'duration', position: 1, required: true, doc: 'how far back the window reaches, e.g. `90d`' },
  { name: 'as_of', kind: 'primaryColumn', doc: "the primary table's time column: rows strictly before it are aggregated" },
];

export function windowSpec(agg: WindowAgg, what: string): WindowTransformSpec {
  return {
    name: `window_${agg}`,
    signature: `window_${agg}(table.col, DURATION, as_of = primary.time)`,
    snippet: `window_${agg}(\${1:table.col}, \${2:90d}, as_of = \${3:primary.time})`,
    doc: `${what} of a history table's rows with the same key in \`as_of - DURATION <= time < as_of\`. ${
      agg === 'sum' || agg === 'count' ? 'An empty window gives 0.' : 'An empty window is missing.'
    }`,
    fitted: false,
    input: agg === 'count' ? 'any' : 'numeric',
    numeric: agg !== 'count',
    args: windowArgs,
    window: agg,
    result: () => (agg === 'count' ? 'integer' : 'number'),
    fits: () => [],
    // An empty window's mean, min or max is missing; a sum of in-range values can leave
    // float32's range; a count is a small whole number.
    producesUnusable: agg !== 'count',
  };
}
