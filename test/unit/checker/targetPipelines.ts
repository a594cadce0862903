/**
 * The small pipelines the checker's target and column tests share, each taking what differs: the
 * same 25-line texts were written out again in every file of a family.
 */
import type { Column } from '../../../server/mlpipe/data/table.js';
import { tableOf } from '../../agreement/engine.js';

/** `events.csv` (id, x, y; target y) and one model `m` of `standardize(events.x)`, with `task` when given. */
export function eventsPipeline(kind: string, task?: string): string {
  return `pipeline p

data events {
  source = "events.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature fx = standardize(events.x)

model m {
  kind   = ${kind}
  inputs = [fx]
  seed   = 1${task ? `\n  task   = ${task}` : ''}
}
`;
}

/** `rows` rows of events.csv, x cycling 0-6 and y as `y` gives it. */
export function eventsCsv(rows: number, y: (i: number) => string): string {
  const lines = ['id,x,y'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${i % 7},${y(i)}`);
  return lines.join('\n') + '\n';
}

/** The target column `y` of events.csv `data`, as the run loads it. */
export function eventsTarget(data: string): Column {
  return tableOf('events', data, 'events.csv').columns.find((c) => c.name === 'y')!;
}

/** A regression of `price` on `standardize(houses.sqft)`. */
export const HOUSES_PIPELINE = `pipeline houses

data houses {
  source = "houses.csv"
  target = price
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature size = standardize(houses.sqft)

model m {
  kind   = linear
  inputs = [size]
  seed   = 1
}
`;

/** 20 rows of houses.csv, sqft 50-69 and the price `price` gives. */
export function housesCsv(price: (i: number) => string): string {
  const lines = ['id,sqft,price'];
  for (let i = 0; i < 20; i++) lines.push(`${i},${50 + i},${price(i)}`);
  return lines.join('\n') + '\n';
}

/** `d.csv` (target label, key id) and one feature `f = feature` in a logistic model. */
export function oneFeaturePipeline(feature: string): string {
  return `pipeline p

data d {
  source = "d.csv"
  target = label
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature f = ${feature}

model m {
  kind   = logistic
  inputs = [f]
  seed   = 2
}
`;
}

/** 40 rows of d.csv under `header`: id, label alternating 0/1, every other column i * 3. */
export function oneFeatureCsv(header: string[]): string {
  const rows = Array.from({ length: 40 }, (_, i) => header.map((h) => (h === 'id' ? String(i) : h === 'label' ? String(i % 2) : String(i * 3))).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}
