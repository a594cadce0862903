/**
 * Feature engine benchmark: batch transform of N primary rows with windows over M history rows,
 * single-request serving latency, and naive window baselines measured in the same run.
 * Run: npx tsx bench/features.ts [--rows 1000000] [--history 5000000]
 */
import type { Column, Table } from '../server/mlpipe/data/table.js';
import { parse } from '../server/mlpipe/syntax/parser.js';
import type { Expr, FeatureDecl } from '../server/mlpipe/syntax/ast.js';
import { buildHistoryIndex, compilePlan, fitPlan, transformBatch, transformRow } from '../server/mlpipe/features/index.js';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';
import { numberOption } from './argv.js';

const N = numberOption('rows', 1_000_000);
const M = numberOption('history', 5_000_000);
const KEYS = Math.max(1, Math.floor(N / 5));
const DAY = 86400;

const prng = new Mulberry32(12345);
const rand = (): number => prng.float();
const num = (name: string, values: Float64Array): Column => ({ name, type: 'number', values, missing: 0 });
const str = (name: string, values: Array<string | null>): Column => ({ name, type: 'string', values, missing: 0 });

function timed<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t0) / 1e9];
}

console.log(`building data: ${N.toLocaleString()} primary rows, ${M.toLocaleString()} history rows, ${KEYS.toLocaleString()} keys`);
const plans = ['basic', 'standard', 'premium'];
const regions = Array.from({ length: 50 }, (_, i) => `region-${i}`);
const pKey = new Float64Array(N);
const pTime = new Float64Array(N);
const tenure = new Float64Array(N);
const monthly = new Float64Array(N);
const plan: string[] = new Array(N);
const region: string[] = new Array(N);
const T0 = 1_700_000_000;
for (let i = 0; i < N; i++) {
  pKey[i] = Math.floor(rand() * KEYS);
  pTime[i] = T0 + Math.floor(rand() * 365) * DAY;
  tenure[i] = rand() < 0.03 ? NaN : Math.floor(rand() * 2000);
  monthly[i] = Math.round(rand() * 10000) / 100;
  plan[i] = plans[Math.floor(rand() * 3)];
  region[i] = regions[Math.floor(rand() * regions.length)];
}
const hKey = new Float64Array(M);
const hTime = new Float64Array(M);
const hValue = new Float64Array(M);
for (let i = 0; i < M; i++) {
  hKey[i] = Math.floor(rand() * KEYS);
  hTime[i] = T0 - 120 * DAY + Math.floor(rand() * 485 * DAY);
  hValue[i] = rand() < 0.02 ? NaN : Math.round(Math.exp(3 + rand()) * 100) / 100;
}
const customers: Table = {
  name: 'customers', source: 'bench', rowCount: N,
  columns: [num('customer_id', pKey), num('snapshot_at', pTime), num('tenure_days', tenure), num('monthly', monthly), str('plan', plan), str('region', region)],
};
const orders: Table = { name: 'orders', source: 'bench', rowCount: M, columns: [num('customer_id', hKey), num('ordered_at', hTime), num('order_value', hValue)] };
const data = { tables: new Map([['customers', customers], ['orders', orders]]) };

const source = `pipeline bench
feature tenure  = fill_missing(tenure_days, 0)
feature tenure_z = standardize(tenure)
feature avg_90d = fill_missing(window_mean(orders.order_value, 90d, as_of = snapshot_at), 0)
feature n_30d   = window_count(orders.order_value, 30d, as_of = snapshot_at)
feature plan_oh = one_hot(customers.plan)
feature region_h = hash_bucket(customers.region, 64)
feature spend_b = bucketize(monthly, n = 10)
`;
const features = new Map<string, Expr>();
for (const s of parse(source).statements) if (s.kind === 'Feature') features.set((s as FeatureDecl).name.name, (s as FeatureDecl).value);
const inputs = ['tenure_z', 'avg_90d', 'n_30d', 'plan_oh', 'region_h', 'spend_b'];
const featurePlan = compilePlan({
  features, inputs,
  primary: { name: 'customers', key: 'customer_id', time: 'snapshot_at', target: 'churned' },
  histories: new Map([['orders', { key: 'customer_id', time: 'ordered_at' }]]),
});

const [history, tIndex] = timed(() => buildHistoryIndex(featurePlan, data));
const split = Uint8Array.from({ length: N }, (_, i) => (i % 5 === 0 ? 1 : 0));
const [state, tFit] = timed(() => fitPlan(featurePlan, data, split, { history }));
transformBatch(featurePlan, state, data, { history, rows: Int32Array.from({ length: 1000 }, (_, i) => i) }); // warm up
const [batch, tBatch] = timed(() => transformBatch(featurePlan, state, data, { history }));

const requests = Array.from({ length: 10_000 }, () => {
  const r = Math.floor(rand() * N);
  return { customer_id: pKey[r], snapshot_at: pTime[r], tenure_days: Number.isNaN(tenure[r]) ? null : tenure[r], monthly: monthly[r], plan: plan[r], region: region[r] };
});
for (let i = 0; i < 1000; i++) transformRow(featurePlan, state, requests[i], history);
const lat = new Float64Array(requests.length);
for (let i = 0; i < requests.length; i++) {
  const t0 = process.hrtime.bigint();
  transformRow(featurePlan, state, requests[i], history);
  lat[i] = Number(process.hrtime.bigint() - t0) / 1e3;
}
lat.sort();
const median = lat[Math.floor(lat.length / 2)];
const p99 = lat[Math.floor(lat.length * 0.99)];

// Baselines for the 90-day window mean: (a) scan every history row per example; (b) rows
// grouped by key, each group scanned linearly (what a straightforward loop over a dict does).
const scanRows = 200;
const [, tScan] = timed(() => {
  let acc = 0;
  for (let i = 0; i < scanRows; i++) {
    const k = pKey[i];
    const hi = pTime[i];
    const lo = hi - 90 * DAY;
    let s = 0;
    let c = 0;
    for (let j = 0; j < M; j++) {
      if (hKey[j] === k && hTime[j] >= lo && hTime[j] < hi && hValue[j] === hValue[j]) {
        s += hValue[j];
        c++;
      }
    }
    acc += c ? s / c : 0;
  }
  return acc;
});
const [groups, tGroup] = timed(() => {
  const g = new Map<number, number[]>();
  for (let j = 0; j < M; j++) {
    let list = g.get(hKey[j]);
    if (!list) g.set(hKey[j], (list = []));
    list.push(j);
  }
  return g;
});
const [, tGroupScan] = timed(() => {
  let acc = 0;
  for (let i = 0; i < N; i++) {
    const list = groups.get(pKey[i]);
    if (!list) continue;
    const hi = pTime[i];
    const lo = hi - 90 * DAY;
    let s = 0;
    let c = 0;
    for (const j of list) {
      if (hTime[j] >= lo && hTime[j] < hi && hValue[j] === hValue[j]) {
        s += hValue[j];
        c++;
      }
    }
    acc += c ? s / c : 0;
  }
  return acc;
});
// The engine's window alone, for a like-for-like comparison with the baselines.
const onlyWindow = compilePlan({ ...featurePlanInput(), inputs: ['avg_90d'] });
function featurePlanInput() {
  return { features, inputs, primary: featurePlan.primary, histories: featurePlan.histories };
}
const windowState = fitPlan(onlyWindow, data, null);
const windowHistory = buildHistoryIndex(onlyWindow, data);
const [, tWindow] = timed(() => transformBatch(onlyWindow, windowState, data, { history: windowHistory }));

const rate = (rows: number, s: number) => rows / s;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const engineWindowRate = rate(N, tWindow);
const rows: Array<[string, string, string]> = [
  [`history index build (${M.toLocaleString()} rows)`, `${tIndex.toFixed(2)} s`, ''],
  ['fit (train split)', `${tFit.toFixed(2)} s`, ''],
  [`batch transform, ${inputs.length} features (width ${batch.width})`, `${fmt(rate(N, tBatch))} rows/s`, `${tBatch.toFixed(2)} s`],
  ['engine: window_mean 90d only', `${fmt(engineWindowRate)} rows/s`, '1.00x'],
  [`baseline: full scan per row (${scanRows} rows)`, `${fmt(rate(scanRows, tScan))} rows/s`, `${(engineWindowRate / rate(scanRows, tScan)).toFixed(0)}x slower`],
  ['baseline: group by key + linear scan', `${fmt(rate(N, tGroupScan))} rows/s (+${tGroup.toFixed(2)} s grouping)`, `${(rate(N, tGroupScan) / engineWindowRate).toFixed(2)}x engine speed`],
  ['serving: transformRow latency', `median ${median.toFixed(1)} us, p99 ${p99.toFixed(1)} us`, `${fmt(1e6 / median)} req/s at median`],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`${'measure'.padEnd(w0)} | ${'result'.padEnd(w1)} | ratio / time`);
console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------------`);
for (const r of rows) console.log(`${r[0].padEnd(w0)} | ${r[1].padEnd(w1)} | ${r[2]}`);
console.log(`missing after transforms: ${JSON.stringify(batch.missing)}`);
