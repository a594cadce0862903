import type { Column, Table } from '../../../server/mlpipe/data/table.js';
import type { Expr, FeatureDecl } from '../../../server/mlpipe/syntax/ast.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { compilePlan } from '../../../server/mlpipe/features/compile.js';
import type { FeaturePlan, HistoryTable, PrimaryTable } from '../../../server/mlpipe/features/plan.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';

/** A table from columns given as plain arrays: numbers (NaN = missing) or strings (null = missing). */
export function table(name: string, cols: Record<string, Array<number | string | null>>): Table {
  const columns: Column[] = [];
  let rowCount = 0;
  for (const [colName, values] of Object.entries(cols)) {
    rowCount = values.length;
    const numeric = values.every((v) => typeof v === 'number' || v === null);
    if (numeric) {
      const arr = Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
      const integer = [...arr].every((v) => v !== v || Number.isInteger(v));
      columns.push({ name: colName, type: integer ? 'integer' : 'number', values: arr, missing: arr.filter((v) => v !== v).length });
    } else {
      const arr = values.map((v) => (v === null ? null : String(v)));
      columns.push({ name: colName, type: 'string', values: arr, missing: arr.filter((v) => v === null).length });
    }
  }
  return { name, source: `${name}.csv`, rowCount, columns };
}

/** Feature expressions parsed from `feature NAME = EXPR` lines. */
export function featuresOf(source: string): Map<string, Expr> {
  const file = parse(`pipeline t\n${source}\n`);
  if (file.syntaxErrors.length > 0) throw new Error(file.syntaxErrors.map((e) => e.message).join('; '));
  const out = new Map<string, Expr>();
  for (const s of file.statements) if (s.kind === 'Feature') out.set((s as FeatureDecl).name.name, (s as FeatureDecl).value);
  return out;
}

export function planOf(
  source: string,
  inputs: string[],
  primary: PrimaryTable = { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' },
  histories: Record<string, HistoryTable> = { orders: { key: 'customer_id', time: 'ordered_at' } },
): FeaturePlan {
  return compilePlan({ features: featuresOf(source), inputs, primary, histories: new Map(Object.entries(histories)) });
}

/** A deterministic PRNG for test data (mulberry32). */
export function rng(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.float();
}
