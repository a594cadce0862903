// Generates the churn quickstart's data: customers.csv (primary, one row per customer per
// monthly snapshot) and orders.csv (history). Seeded with the project's own PRNG, so the output
// is byte-identical everywhere; the committed CSVs are exactly what this script writes.
//
// Run: npx tsx examples/churn/generate.ts [--drift] [--out DIR] [--customers N]
// The churn process is described in examples/churn/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Mulberry32 } from '../../server/mlpipe/data/prng.js';

export interface GenerateOptions {
  customers: number;
  drift: boolean;
  seed: number;
}

export const DEFAULT_SEED = 20251128;
const DAY = 86400;
const FIRST_SNAPSHOT = Date.UTC(2025, 2, 1) / 1000; // 2025-03-01
const SNAPSHOT_MONTHS = 8; // 2025-03-01 .. 2025-10-01
const PLANS = ['basic', 'standard', 'premium'] as const;
const REGIONS = ['north', 'south', 'east', 'west'] as const;

class Random {
  private readonly rng: Mulberry32;
  constructor(seed: number) {
    this.rng = new Mulberry32(seed);
  }
  uniform(): number {
    return this.rng.float();
  }
  int(n: number): number {
    return this.rng.int(n);
  }
  /** Box-Muller; 1 - u keeps the log finite. */
  normal(): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  exponential(mean: number): number {
    return -Math.log(1 - this.uniform()) * mean;
  }
  poisson(mean: number): number {
    // Knuth's method: means here are small.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
  pick<T>(items: ReadonlyArray<T>, weights: ReadonlyArray<number>): T {
    let u = this.uniform() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) {
      u -= weights[i]!;
      if (u < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }
}

function monthStart(k: number): number {
  const d = new Date(FIRST_SNAPSHOT * 1000);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.getTime() / 1000;
}

const isoDate = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
const isoMinute = (t: number): string => new Date(Math.floor(t / 60) * 60 * 1000).toISOString().slice(0, 16) + ':00Z';
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface ChurnData {
  customers: string;
  orders: string;
}

export function generate(opts: GenerateOptions): ChurnData {
  const rnd = new Random(opts.seed + (opts.drift ? 1 : 0));
  const customerRows: string[] = ['customer_id,snapshot_at,tenure_days,plan,monthly_charges,support_tickets,region,churned'];
  const orders: Array<{ at: string; customer: string; value: string }> = [];
  const planWeights = opts.drift ? [0.6, 0.28, 0.12] : [0.42, 0.36, 0.22];

  for (let c = 1; c <= opts.customers; c++) {
    const id = `C${String(c).padStart(5, '0')}`;
    const plan = rnd.pick(PLANS, planWeights);
    const region = REGIONS[rnd.int(REGIONS.length)]!;
    const engagement = rnd.normal();
    // Planned snapshots; a churned customer has none after the one that records it.
    const snapshots = rnd.pick([1, 2, 3, 4], [0.05, 0.1, 0.25, 0.6]);
    const startMonth = rnd.int(SNAPSHOT_MONTHS - snapshots + 1);
    const firstSnapshot = monthStart(startMonth);
    const signup = firstSnapshot - Math.max(1, Math.round(rnd.exponential(420))) * DAY;
    const planCharge = plan === 'basic' ? 29 : plan === 'standard' ? 59 : 94;
    const monthlyCharges = Math.max(9.99, planCharge + 6 * rnd.normal());

    // Orders: a Poisson process from signup (at most 240 days before the first snapshot) to 60
    // days after the last one; engaged customers order more often and spend more.
    const orderTimes: number[] = [];
    const orderValues: number[] = [];
    const perDay = (Math.exp(0.45 * engagement) * 2.2) / 30;
    const valueMu = 3.55 + 0.35 * engagement + (plan === 'premium' ? 0.15 : 0) - (opts.drift ? 0.35 : 0);
    let t = Math.max(signup, firstSnapshot - 240 * DAY);
    const ordersEnd = monthStart(startMonth + snapshots - 1) + 60 * DAY;
    for (;;) {
      t += rnd.exponential(1 / perDay) * DAY;
      if (t >= ordersEnd) break;
      const value = Math.exp(valueMu + 0.55 * rnd.normal());
      orderTimes.push(t);
      orderValues.push(value);
      const missingValue = rnd.uniform() < 0.01;
      orders.push({ at: isoMinute(t), customer: id, value: missingValue ? '' : value.toFixed(2) });
    }

    for (let k = 0; k < snapshots; k++) {
      const at = monthStart(startMonth + k);
      const tenure = Math.round((at - signup) / DAY);
      const ticketMean = Math.exp(-0.1 - 0.45 * engagement + (plan === 'basic' ? 0.25 : 0) + (opts.drift ? 0.4 : 0));
      const tickets = rnd.poisson(ticketMean);
      let sum = 0;
      let n = 0;
      for (let i = 0; i < orderTimes.length; i++) {
        if (orderTimes[i]! >= at - 90 * DAY && orderTimes[i]! < at) {
          sum += orderValues[i]!;
          n++;
        }
      }
      const avgOrder90 = n === 0 ? 0 : sum / n;
      const z =
        1.0 -
        1.05 * Math.log1p(tenure / 30) +
        (plan === 'basic' ? 1.0 : plan === 'premium' ? -0.7 : 0) +
        0.55 * tickets -
        0.045 * (Math.min(avgOrder90, 120) - 35) +
        0.9 * rnd.normal();
      const churned = rnd.uniform() < sigmoid(1.6 * z) ? 1 : 0;
      const tenureText = rnd.uniform() < 0.03 ? '' : String(tenure);
      const ticketText = rnd.uniform() < 0.05 ? '' : String(tickets);
      customerRows.push(`${id},${isoDate(at)},${tenureText},${plan},${monthlyCharges.toFixed(2)},${ticketText},${region},${churned}`);
      if (churned === 1) break; // a churned customer has no later snapshot
    }
  }
  // Orders are numbered in time order, as an order system's export would be (ties by customer;
  // the sort is stable, so a customer's same-minute orders keep their generated order).
  orders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const orderRows = ['order_id,customer_id,ordered_at,order_value'];
  orders.forEach((o, i) => orderRows.push(`O${String(i + 1).padStart(6, '0')},${o.customer},${o.at},${o.value}`));
  return { customers: customerRows.join('\n') + '\n', orders: orderRows.join('\n') + '\n' };
}

export function writeChurnData(outDir: string, opts: GenerateOptions): { customers: string; orders: string } {
  const data = generate(opts);
  mkdirSync(outDir, { recursive: true });
  const customers = join(outDir, 'customers.csv');
  const orders = join(outDir, 'orders.csv');
  writeFileSync(customers, data.customers);
  writeFileSync(orders, data.orders);
  return { customers, orders };
}

function main(argv: string[]): void {
  const drift = argv.includes('--drift');
  const outAt = argv.indexOf('--out');
  const nAt = argv.indexOf('--customers');
  const here = resolve(__dirname);
  const out = outAt >= 0 ? resolve(argv[outAt + 1]!) : join(here, drift ? 'data-drift' : 'data');
  const customers = nAt >= 0 ? Number(argv[nAt + 1]) : 2500;
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive integer`);
  const written = writeChurnData(out, { customers, drift, seed: DEFAULT_SEED });
  console.log(`wrote ${written.customers} and ${written.orders}`);
}

if (require.main === module) main(process.argv.slice(2));
