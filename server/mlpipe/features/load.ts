import { getColumn, type Table } from '../data/table.js';
import { NOT_A_NUMBER, notANumberWhy, numberKind } from '../data/values.js';
import { FeatureDataError, PlanError } from './errors.js';
import { TimeValueError, type RowEvaluator } from './evaluate.js';
import { closureOf, type FeaturePlan } from './plan.js';
import { NUM, type Runtime } from './runtime.js';

/** The primary table named by the plan, or a clear error. */
export function primaryTable(plan: FeaturePlan, tables: ReadonlyMap<string, Table>): Table {
  const t = tables.get(plan.primary.name);
  if (!t) throw new PlanError(`data ${plan.primary.name} (the primary table) was not loaded`, 'unknown-reference');
  return t;
}

/**
 * A function that loads row r of the primary table into the evaluator's column slots, with
 * the types the runtime expects. A column that was text when fitting but reads as numbers now
 * is loaded as its canonical text; the reverse is an error.
 */
export function rowLoader(rt: Runtime, table: Table): (ev: RowEvaluator, r: number) => void {
  const numCols: Array<{ id: number; values: Float64Array }> = [];
  const strCols: Array<{ id: number; values: ReadonlyArray<string | null> }> = [];
  const textOfNum: Array<{ id: number; values: Float64Array }> = [];
  for (const node of rt.plan.nodes) {
    if (node.kind !== 'column') continue;
    const col = getColumn(table, node.column);
    if (!col) {
      throw new PlanError(`'${node.column}' is neither a feature nor a column of ${table.source || table.name}`, 'unknown-reference', node.feature);
    }
    const want = rt.types[node.id];
    if (col.type === 'string') {
      if (want === NUM) {
        // The first cell that is not a number, so a stray value in a large file can be found.
        const at = col.values.findIndex((v) => v !== null && numberKind(v) === NOT_A_NUMBER);
        const text = at < 0 ? '' : col.values[at]!;
        const where = at < 0 ? '' : ` ('${text.length > 40 ? `${text.slice(0, 40)}…` : text}' in data row ${at + 1}${notANumberWhy(text, "'")})`;
        throw new PlanError(
          `column ${node.column} of ${table.source || table.name} holds text${where}, but it held numbers when the features were fitted`,
          'type-mismatch',
          node.feature,
        );
      }
      strCols.push({ id: node.id, values: col.values });
    } else if (want === NUM) numCols.push({ id: node.id, values: col.values });
    else textOfNum.push({ id: node.id, values: col.values });
  }
  return (ev, r) => {
    for (let i = 0; i < numCols.length; i++) ev.num[numCols[i].id] = numCols[i].values[r];
    for (let i = 0; i < strCols.length; i++) ev.str[strCols[i].id] = strCols[i].values[r];
    for (let i = 0; i < textOfNum.length; i++) {
      const v = textOfNum[i].values[r];
      ev.str[textOfNum[i].id] = v === v ? String(v) : null;
    }
  };
}

/** The non-column nodes needed for `roots`, in evaluation order. */
export function evaluationOrder(plan: FeaturePlan, roots: Iterable<number>): Int32Array {
  return Int32Array.from(closureOf(plan, roots).filter((id) => plan.nodes[id].kind !== 'column'));
}

/** Runs `body` and turns a time parse failure at row r into an error naming the table row. */
export function withRowErrors<T>(table: Table, current: () => number, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof TimeValueError) {
      throw new FeatureDataError(e.reason, table.source || table.name, current() + 1, e.column);
    }
    throw e;
  }
}
