// The single-row /predict bodies bench/serve.ts sends: 500 rows of the churn example's training data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import { isMissing } from '../../server/mlpipe/data/values.js';

/** One churn request row: the fields a body's row has, in order. */
export const CHURN_ROW = { customer_id: 'C00001', snapshot_at: '2025-06-01', tenure_days: 291, plan: 'premium', monthly_charges: 92.47, support_tickets: 1 };

/** Single-row bodies cycled through: 500 rows of the training data (every seventh), so features vary. */
export function churnBodies(dir: string): Array<{ body: string }> {
  const { header, rows } = parseCsv(readFileSync(join(dir, 'data/customers.csv'), 'utf8'), 'customers.csv');
  const fields = Object.keys(CHURN_ROW);
  const at = fields.map((f) => header.indexOf(f));
  return rows
    .filter((_, i) => i % 7 === 0)
    .slice(0, 500)
    .map((cells) => ({
      body: JSON.stringify({
        rows: [Object.fromEntries(fields.map((f, k) => [f, isMissing(cells[at[k]]) ? null : k >= 2 && f !== 'plan' ? Number(cells[at[k]]) : cells[at[k]]]))],
      }),
    }));
}
