/**
 * Time-column verdicts kept between processes: a check whose host has a store asks it before
 * reading a column's cells (a fresh process would parse the whole history file for them), finds
 * a verdict only under the key it was stored with, and stores what it computes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SplitVerdict, SplitVerdictStore, TimeVerdict, TimeVerdictStore, Verdict, VerdictStore } from '../../../server/mlpipe/checker/verdicts.js';
import { analyze, type CheckHost } from '../../../server/mlpipe/index.js';
import { basePipeline, cellCountingHost, CUSTOMERS, customersCsv, ORDERS, ordersCsv } from './fixture.js';

function store(): TimeVerdictStore & { entries: Map<string, { key: string; verdict: TimeVerdict }>; gets: number } {
  const entries = new Map<string, { key: string; verdict: TimeVerdict }>();
  const s = {
    entries,
    gets: 0,
    get(id: string, key: string) {
      s.gets++;
      const e = entries.get(id);
      return e && e.key === key ? e.verdict : undefined;
    },
    set(id: string, key: string, verdict: TimeVerdict) {
      entries.set(id, { key, verdict });
    },
  };
  return s;
}

/** The missing-every-row verdicts, kept as the CLI keeps them (that pass reads whole tables too). */
const modelVerdicts = new Map<string, { key: string; verdict: Verdict | null }>();
const verdicts: VerdictStore = {
  get: (model, key) => (modelVerdicts.get(model)?.key === key ? modelVerdicts.get(model)!.verdict : undefined),
  set: (model, key, verdict) => void modelVerdicts.set(model, { key, verdict }),
};

/** The verdicts over the split, kept as the CLI keeps them (the empty-window pass reads the history's keys and times too). */
const splitEntries = new Map<string, { key: string; verdict: SplitVerdict }>();
const splitVerdicts: SplitVerdictStore = {
  get: (id, key) => (splitEntries.get(id)?.key === key ? splitEntries.get(id)!.verdict : undefined),
  set: (id, key, verdict) => void splitEntries.set(id, { key, verdict }),
};

/** A host over the fixture files whose cell reads are counted (or refused), each call a fresh process's inspection. */
function host(files: Record<string, string>, times: TimeVerdictStore, refuseCells = false): CheckHost & { cellReads: string[] } {
  return cellCountingHost(files, { verdicts, timeVerdicts: times, splitVerdicts }, refuseCells ? 'orders.csv' : undefined);
}

const timeErrors = (text: string, h: CheckHost) => analyze(text, h).diagnostics.filter((d) => /cannot be read as times/.test(d.message));

test('a stored verdict answers a fresh check without reading the history time cells', () => {
  const times = store();
  const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
  const text = basePipeline();
  assert.deepEqual(timeErrors(text, host(files, times)), []);
  const stored = [...times.entries.values()];
  // Clean: nothing refused or mixed; a column of date-times keeps the first one and its form (its clock).
  assert.ok(stored.length > 0 && stored.every((e) => e.verdict === null || 'clock' in e.verdict), 'clean columns are stored as null or their clock');
  // A second process: the orders' cells must not be read.
  const second = host(files, times, true);
  assert.deepEqual(timeErrors(text, second), []);
  assert.ok(!second.cellReads.includes('orders.csv:ordered_at'));
});

test('a changed file is judged again (its hash is in the key), and a refused cell is stored and reported alike', () => {
  const times = store();
  const text = basePipeline();
  timeErrors(text, host({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, times));
  const orders = ordersCsv().replace('O4,C004,2025-05-14T10:00:00Z', 'O4,C004,2024-09-31T10:00:00Z');
  const edited = basePipeline(CUSTOMERS, orders);
  const first = timeErrors(edited, host({ 'customers.csv': CUSTOMERS, 'orders.csv': orders }, times));
  assert.equal(first.length, 1);
  assert.match(first[0]!.message, /data row 5: '2024-09-31T10:00:00Z' is not a time/);
  const again = timeErrors(edited, host({ 'customers.csv': CUSTOMERS, 'orders.csv': orders }, times, true));
  assert.deepEqual(again.map((d) => d.message), first.map((d) => d.message), 'the stored verdict says the same');
});

test("a stored verdict keeps the column's clock: a window's as_of without a zone against stored zoned history times is warned of without reading them", () => {
  const times = store();
  const customers = customersCsv((row) => (row[1] = `${row[1]}T09:00:00`));
  const files = { 'customers.csv': customers, 'orders.csv': ORDERS };
  const text = basePipeline(customers, ORDERS);
  const zones = (h: CheckHost) => analyze(text, h).diagnostics.filter((d) => d.code === 'skew/mixed-time-zones').map((d) => d.message);
  const first = zones(host(files, times));
  assert.equal(first.length, 1);
  const second = host(files, times, true);
  assert.deepEqual(zones(second), first);
  assert.ok(!second.cellReads.includes('orders.csv:ordered_at'));
});
