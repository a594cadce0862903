import type { Table } from '../../../server/mlpipe/data/table.js';
import { rng, table } from './helpers.js';

/**
 * A churn-like dataset exercising every transform: customers (primary, ISO snapshot dates)
 * and orders (history, ISO date-times), with missing values in every kind of column.
 */
export function churnLike(seed: number, customers = 1500, orders = 8000): { customers: Table; orders: Table } {
  const r = rng(seed);
  const plans = ['basic', 'standard', 'premium', 'enterprise'];
  const regions = ['north', 'south', 'east', 'west', 'Zürich', '東京'];
  const c = { customer_id: [] as Array<string | null>, snapshot_at: [] as Array<string | null>, tenure_days: [] as Array<number | null>, plan: [] as Array<string | null>, monthly_charges: [] as Array<number | null>, support_tickets: [] as Array<number | null>, region: [] as Array<string | null>, churned: [] as number[] };
  for (let i = 0; i < customers; i++) {
    c.customer_id.push(`C${String(Math.floor(r() * customers * 0.6)).padStart(5, '0')}`);
    const day = 1 + Math.floor(r() * 28);
    c.snapshot_at.push(r() < 0.01 ? null : `2025-0${1 + Math.floor(r() * 6)}-${String(day).padStart(2, '0')}`);
    c.tenure_days.push(r() < 0.05 ? null : Math.floor(r() * 2000));
    c.plan.push(r() < 0.03 ? null : plans[Math.floor(r() * r() * plans.length)]);
    c.monthly_charges.push(Math.round((20 + r() * 100) * 100) / 100);
    c.support_tickets.push(r() < 0.05 ? null : Math.floor(-Math.log(1 - r()) * 2));
    c.region.push(r() < 0.02 ? null : regions[Math.floor(r() * regions.length)]);
    c.churned.push(r() < 0.25 ? 1 : 0);
  }
  const o = { order_id: [] as string[], customer_id: [] as Array<string | null>, ordered_at: [] as string[], order_value: [] as Array<number | null> };
  for (let i = 0; i < orders; i++) {
    o.order_id.push(`O${i}`);
    o.customer_id.push(r() < 0.01 ? null : `C${String(Math.floor(r() * customers * 0.6)).padStart(5, '0')}`);
    const t = Date.UTC(2024, 9, 1) + Math.floor(r() * 270 * 86400) * 1000;
    o.ordered_at.push(new Date(t).toISOString().replace('.000Z', 'Z'));
    o.order_value.push(r() < 0.03 ? null : Math.round(Math.exp(3 + r() * 1.5) * 100) / 100);
  }
  return { customers: table('customers', c), orders: table('orders', o) };
}

export const CHURN_FEATURES = `
feature tenure        = fill_missing(customers.tenure_days, 0)
feature avg_order_90d = fill_missing(window_mean(orders.order_value, 90d, as_of = customers.snapshot_at), 0)
feature order_z       = standardize(avg_order_90d)
feature spend_30d     = log1p(window_sum(orders.order_value, 30d, as_of = snapshot_at))
feature orders_30d    = window_count(orders.order_value, 30d, as_of = snapshot_at)
feature max_order     = fill_missing(window_max(orders.order_value, 60d, as_of = snapshot_at), -1)
feature min_order     = fill_missing(window_min(orders.order_value, 60d, as_of = snapshot_at), -1)
feature plan          = one_hot(fill_missing(customers.plan, "basic"))
feature region        = one_hot(customers.region)
feature region_hash   = hash_bucket(fill_missing(customers.region, "none"), 16)
feature tickets       = log1p(fill_missing(customers.support_tickets, 0))
feature tenure_bucket = bucketize(tenure, n = 5)
feature charge_band   = bucketize(monthly_charges, [30, 60, 90])
feature charge_scaled = min_max(monthly_charges)
feature per_ticket    = clip(monthly_charges / (tickets + 1), 0, 80) - 2 * -tenure_bucket
`;

export const CHURN_INPUTS = [
  'tenure', 'order_z', 'spend_30d', 'orders_30d', 'max_order', 'min_order', 'plan', 'region',
  'region_hash', 'tickets', 'tenure_bucket', 'charge_band', 'charge_scaled', 'per_ticket',
];
