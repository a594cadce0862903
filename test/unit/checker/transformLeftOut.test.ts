/**
 * skew/implicit-missing for a model input a transform leaves missing on some rows the run keeps
 * otherwise ('log1p' of a refund below -1): decided by the missing-every-row pass with the
 * runner's 'completeRows', counting only rows where every column the input reads outside
 * 'fill_missing' is present (a missing cell is the column's own warning). Quiet where no row is
 * lost; only the error where the run is refused; the same from the document's memo, from a
 * verdict stored between processes and from a fresh check.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { check } from '../../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { completeRows, compilePlan, fitPlan, planInputOf, transformBatch } from '../../../server/mlpipe/features/index.js';
import { analyze, parse, type CheckHost, type Diagnostic } from '../../../server/mlpipe/index.js';
import { runConfig } from '../../../server/backend/pipeline/config.js';
import { partitionRows } from '../../../server/backend/pipeline/partition.js';
import { encodeTarget } from '../../../server/backend/pipeline/target.js';
import { getColumn } from '../../../server/mlpipe/data/table.js';
import { tableOf } from '../../agreement/engine.js';
import { memoryHost } from './fixture.js';

const pipeline = (feature: string, split = '  seed = 4') => `pipeline refunds

data transactions {
  source = "transactions.csv"
  target = is_fraud
  key    = id
}

split {
  test = 0.25
${split}
}

feature amt_z = ${feature}

model m {
  kind   = logistic
  inputs = [amt_z]
  seed   = 1
}

environment {
  lockfile = "package-lock.json"
}
`;

/** 200 rows: `cell(i)` is the amount of row i (a text, '' for missing), else a positive one. */
function transactions(cell: (i: number) => string | undefined = () => undefined): string {
  const rows = ['id,amount,is_fraud'];
  for (let i = 0; i < 200; i++) rows.push(`t${i},${cell(i) ?? ((i * 37) % 500) / 3 + 0.5},${i % 5 === 0 ? 1 : 0}`);
  return rows.join('\n') + '\n';
}

/** Every 20th row a refund below -1 (rows 3, 23, …): 10 rows. */
const refunds = (i: number) => (i % 20 === 3 ? String(-2 - i) : undefined);

function host(csv: string): CheckHost {
  return memoryHost({ 'transactions.csv': csv }, ['package-lock.json']);
}

const implicit = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === 'skew/implicit-missing');
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`).join('\n');

/** The rows the runner leaves out for a missing model input (its own 'completeRows' after its own split). */
function runnerLeftOut(text: string, csv: string): number {
  const binding = analyze(text).binding;
  const cfg = runConfig(binding, 'test');
  const table = tableOf('transactions', csv, 'transactions.csv');
  const target = encodeTarget(getColumn(table, 'is_fraud')!, 'transactions.csv', cfg.modelParams.task);
  const { assignment, ...parts } = partitionRows(table, binding.primary!, cfg.split, target, cfg.split.seed);
  const plan = compilePlan(planInputOf(binding, 'm'));
  const tables = new Map([['transactions', table]]);
  const state = fitPlan(plan, { tables }, assignment);
  return completeRows(transformBatch(plan, state, { tables }), parts).dropped;
}

function countOf(d: Diagnostic): number {
  const m = /^'amt_z' is missing on (\d+) rows? of 'transactions\.csv'/.exec(d.message);
  assert.ok(m, d.message);
  return Number(m[1]);
}

describe('a model input a transform leaves missing on some rows', () => {
  it('refunds below -1 under log1p: one warning at the model input, with the runner’s count', () => {
    const text = pipeline('standardize(log1p(transactions.amount))');
    const csv = transactions(refunds);
    const ds = analyze(text, host(csv)).diagnostics;
    assert.deepEqual(ds.filter((d) => d.severity === 'error'), []);
    const w = implicit(ds);
    assert.equal(w.length, 1, show(ds));
    assert.equal(w[0].severity, 'warning');
    assert.equal(text.slice(w[0].start, w[0].end), 'amt_z');
    assert.ok(text.slice(0, w[0].start).endsWith('inputs = ['), 'at the model input');
    assert.match(w[0].message, /\(\d+ training, \d+ test; first: data row 4\)/);
    assert.match(w[0].message, /The run leaves those rows out, \/predict refuses such a request/);
    assert.match(w[0].message, /'clip\(…\)'.*'fill_missing\(…, value\)'/);
    assert.equal(countOf(w[0]), 10);
    assert.equal(countOf(w[0]), runnerLeftOut(text, csv));
  });

  it('is quiet when no row is lost: the input clipped, or no value below -1', () => {
    for (const [feature, csv] of [
      ['standardize(log1p(clip(transactions.amount, 0, 1e9)))', transactions(refunds)],
      ['fill_missing(standardize(log1p(transactions.amount)), 0)', transactions(refunds)],
      ['standardize(log1p(transactions.amount))', transactions((i) => (i % 20 === 3 ? '-0.5' : undefined))],
    ]) {
      const text = pipeline(feature);
      const ds = analyze(text, host(csv)).diagnostics;
      assert.deepEqual(implicit(ds), [], `${feature}\n${show(ds)}`);
      assert.equal(runnerLeftOut(text, csv), 0);
    }
  });

  it('a row whose value is missing for a missing cell is the column’s warning, not counted twice', () => {
    // Rows 5 and 9 have no amount; 10 rows are refunds.
    const csv = transactions((i) => (i === 5 || i === 9 ? '' : refunds(i)));
    const text = pipeline('standardize(log1p(transactions.amount))');
    const ds = analyze(text, host(csv)).diagnostics;
    const w = implicit(ds);
    assert.equal(w.length, 2, show(ds));
    const column = w.find((d) => text.slice(d.start, d.end) === 'transactions.amount');
    const input = w.find((d) => text.slice(d.start, d.end) === 'amt_z');
    assert.ok(column && input, show(ds));
    assert.match(column.message, /^'transactions\.amount' has 2 missing values/);
    assert.equal(countOf(input), 10);
    assert.equal(runnerLeftOut(text, csv), 12, 'the run leaves out both kinds');
    // A missing cell filled with a value log1p cannot take is the transform's: counted.
    const filled = pipeline('standardize(log1p(fill_missing(transactions.amount, -5)))');
    const fw = implicit(analyze(filled, host(csv)).diagnostics);
    assert.equal(fw.length, 1, show(fw));
    assert.equal(countOf(fw[0]), 12);
    assert.equal(runnerLeftOut(filled, csv), 12);
  });

  it('when the run is refused (every row below -1), only the error', () => {
    const csv = transactions((i) => String(-2 - i));
    const ds = analyze(pipeline('log1p(transactions.amount)'), host(csv)).diagnostics;
    assert.equal(ds.filter((d) => d.code === 'invalid-value').length, 1, show(ds));
    assert.deepEqual(implicit(ds), [], show(ds));
  });

  it('an unseeded split: the count, without sides (the run draws its own split)', () => {
    const text = pipeline('standardize(log1p(transactions.amount))', '  by   = id');
    const w = implicit(analyze(text, host(transactions(refunds))).diagnostics);
    assert.equal(w.length, 1, show(w));
    assert.match(w[0].message, /^'amt_z' is missing on 10 rows of 'transactions\.csv' \(first: data row 4\)/);
  });

  it('the document memo through edits gives what a fresh check gives', () => {
    const memo = new CheckMemo();
    const csv = transactions(refunds);
    const steps = [
      pipeline('standardize(log1p(transactions.amount))'),
      pipeline('standardize(log1p(clip(transactions.amount, 0, 1e9)))'),
      pipeline('standardize(log1p(transactions.amount))', '  seed = 5'),
      pipeline('standardize(log1p(transactions.amount))'),
      pipeline('log1p(transactions.amount) * 2'),
    ];
    const seen: number[] = [];
    for (const text of steps) {
      const all = (h: CheckHost) => check(parse(text), h).diagnostics.map((d) => `${d.start}:${d.end} ${d.code} ${d.message}`);
      const fresh = all(host(csv));
      assert.deepEqual(all({ ...host(csv), memo }), fresh, text);
      seen.push(fresh.filter((m) => m.includes('skew/implicit-missing')).length);
    }
    assert.deepEqual(seen, [1, 0, 1, 1, 1]);
  });

  describe('a verdict stored between processes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-left-out-verdicts-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const store = () => new FactsCache(join(dir, 'facts')).verdicts('/work/p.mlpipe');
    const text = pipeline('standardize(log1p(transactions.amount))');
    const csv = transactions(refunds);
    const messages = (h: CheckHost) => analyze(text, h).diagnostics.map((d) => `${d.start}:${d.end} ${d.code} ${d.message}`);

    it('keeps the rows left out, and a fresh process reports from it what a fresh check does', () => {
      const fresh = messages(host(csv));
      assert.deepEqual(messages({ ...host(csv), verdicts: store() }), fresh);
      const folder = FactsCache.verdictsBeside(join(dir, 'facts'));
      const files = readdirSync(folder);
      assert.equal(files.length, 1);
      const entry = JSON.parse(readFileSync(join(folder, files[0]), 'utf8')) as { verdict: { failing: number; leftOut?: Array<{ count: number }> } };
      assert.equal(entry.verdict.failing, 0);
      assert.equal(entry.verdict.leftOut?.[0]?.count, 10);
      // A new process (new data objects) reads it back: the same diagnostics.
      assert.deepEqual(messages({ ...host(csv), verdicts: store() }), fresh);
      // And reads it, not its own: a planted count is what it reports.
      entry.verdict.leftOut![0].count = 77;
      writeFileSync(join(folder, files[0]), JSON.stringify(entry));
      assert.ok(messages({ ...host(csv), verdicts: store() }).some((m) => m.includes("'amt_z' is missing on 77 rows")));
    });
  });
});
