import { createHash } from 'node:crypto';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import { DataError, withoutFile } from '../../../server/mlpipe/data/errors.js';
import type { DataInfo } from '../../../server/mlpipe/data/info.js';
import { InfoBuilder } from '../../../server/mlpipe/data/infoBuilder.js';
import { analyze, type CheckHost, type Diagnostic } from '../../../server/mlpipe/index.js';

/** An in-memory host: CSV files by path as written, plus other files that exist (listed in their folders too). */
export function memoryHost(files: Record<string, string>, existing: string[] = []): CheckHost {
  return {
    data(source) {
      if (/^[a-z]+:\/\//.test(source) || /[*?[]/.test(source)) return { status: 'mutable', path: source };
      const text = files[source];
      if (text === undefined) return { status: 'missing', path: '/work/' + source };
      let parsed;
      try {
        parsed = parseCsv(text, source);
      } catch (e) {
        // As the inspector does: the bytes are still hashed when they do not parse.
        return { status: 'unreadable', path: '/work/' + source, error: e instanceof DataError ? withoutFile(e) : (e as Error).message, hash: hashOf(text), size: text.length, format: 'csv' };
      }
      const b = new InfoBuilder(parsed.header);
      for (const r of parsed.rows) b.addRow(r);
      return b.finish({ path: '/work/' + source, hash: hashOf(text), size: text.length, format: 'csv', sampled: false }) as DataInfo;
    },
    fileExists: (p) => existing.includes(p) || p in files,
    // Names as written: 'data/a.csv' is file 'a.csv' of folder 'data/' ('' is the pipeline's own).
    files: (folder) => [...Object.keys(files), ...existing].filter((p) => p.startsWith(folder) && !p.slice(folder.length).includes('/')).map((p) => p.slice(folder.length)),
  };
}

export function hashOf(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

/** Customers: 30 customers with 2 snapshots each, a few missing tenures, plans spread over every customer. */
export function customersCsv(mutate?: (row: string[], i: number) => void): string {
  const lines = ['customer_id,snapshot_at,tenure_days,plan,support_tickets,churned'];
  const plans = ['basic', 'standard', 'premium'];
  let i = 0;
  for (let c = 0; c < 30; c++)
    for (const month of ['2025-05-01', '2025-06-01']) {
      const row = [`C${String(c).padStart(3, '0')}`, month, i % 9 === 4 ? '' : String(30 + ((c * 37) % 700)), plans[(c + i) % 3], String(c % 4), String((c * 7 + i) % 3 === 0 ? 1 : 0)];
      mutate?.(row, i);
      lines.push(row.join(','));
      i++;
    }
  return lines.join('\n') + '\n';
}

export function ordersCsv(): string {
  const lines = ['order_id,customer_id,ordered_at,order_value'];
  for (let k = 0; k < 120; k++)
    lines.push(`O${k},C${String(k % 30).padStart(3, '0')},2025-0${4 + (k % 3)}-1${k % 10}T10:00:00Z,${(10 + ((k * 13) % 90)).toFixed(2)}`);
  return lines.join('\n') + '\n';
}

export const CUSTOMERS = customersCsv();
export const ORDERS = ordersCsv();

export function basePipeline(customers = CUSTOMERS, orders = ORDERS): string {
  return `# A clean pipeline: every rule stays quiet on it.
pipeline churn

data customers {
  source  = "customers.csv"
  version = "${hashOf(customers)}"
  target  = churned
  key     = customer_id
  time    = snapshot_at
}

data orders {
  source  = "orders.csv"
  version = "${hashOf(orders)}"
  key     = customer_id
  time    = ordered_at
}

split {
  test = 0.2
  seed = 42
  by   = customer_id
}

feature tenure  = fill_missing(tenure_days, 0)
feature spend   = fill_missing(window_mean(orders.order_value, 90d, as_of = customers.snapshot_at), 0)
feature spend_z = standardize(spend)
feature plan    = one_hot(customers.plan)

model m {
  kind   = mlp
  inputs = [tenure, spend_z, plan]
  seed   = 7
}

evaluate {
  require auc >= 0.7
}

register churn_model {
  from = m
}

serve {
  model = churn_model@production
}

monitor {
  drift spend_z psi > 0.2
  on_drift = retrain
}

environment {
  lockfile      = "package-lock.json"
  backend       = cpu
  deterministic = true
}
`;
}

export function checkText(text: string, files: Record<string, string> = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }): Diagnostic[] {
  return analyze(text, memoryHost(files, ['package-lock.json'])).diagnostics;
}

/** Replaces one exact fragment, failing loudly when it is absent (so a case cannot silently test nothing). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture fragment not found: ${from}`);
  return text.replace(from, to);
}

/**
 * A host over `files` whose reads of a table's cells are listed in `cellReads`, and refused (a
 * throw) for the source `refuse` names: what a fresh process would read, when a stored verdict
 * should have answered instead. `carried` adds the caller's stores.
 */
export function cellCountingHost(files: Record<string, string>, carried: Partial<CheckHost>, refuse?: string): CheckHost & { cellReads: string[] } {
  const base = memoryHost(files, ['package-lock.json']);
  const cellReads: string[] = [];
  return {
    ...base,
    ...carried,
    cellReads,
    data(source) {
      const info = base.data!(source) as DataInfo;
      if (info.status !== 'ok') return info;
      const values = info.values!;
      return {
        ...info,
        values: (column: string) => {
          cellReads.push(`${source}:${column}`);
          if (source === refuse) throw new Error(`a stored verdict should have answered (${source}: ${column})`);
          return values(column);
        },
      };
    },
  };
}
