/**
 * A model input a transform leaves missing on some rows ('log1p' of a refund below -1): the
 * check warns (skew/implicit-missing at the model input) with the very count and first row the
 * run then leaves out, /predict refuses such a request, and the fix the warning suggests
 * ('fill_missing(…, value)' around the feature) keeps every row and serves the request. Before,
 * the check was clean and the run left the rows out unannounced.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { runPipeline } from '../../server/backend/pipeline/run.js';
import { startServing } from '../../server/backend/serve/server.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const pipeline = (feature: string) => `pipeline refunds

data transactions {
  source = "transactions.csv"
  target = is_fraud
  key    = id
}

split {
  test = 0.25
  seed = 4
}

feature amt_z = ${feature}

model m {
  kind   = logistic
  inputs = [amt_z]
  epochs = 3
  seed   = 1
}

register fm {
  from = m
}

serve {
  model = fm@staging
}

environment {
  backend       = cpu
  deterministic = true
}
`;

/** 400 transactions; every 23rd a refund below -1 (one of them exactly -1, which log1p takes to -Infinity). */
function transactions(): string {
  const rows = ['id,amount,is_fraud'];
  for (let i = 0; i < 400; i++) {
    const amount = i % 23 === 7 ? (i === 7 ? -1 : -1.5 - (i % 40)) : ((i * 37) % 500) / 3 + 0.5;
    rows.push(`t${i},${amount},${i % 5 === 0 ? 1 : 0}`);
  }
  return rows.join('\n') + '\n';
}

async function project(feature: string): Promise<{ dir: string; file: string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-left-out-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  writeFileSync(join(dir, 'transactions.csv'), transactions());
  const file = join(dir, 'p.mlpipe');
  const text = pipeline(feature);
  writeFileSync(file, text);
  return { dir, file, text };
}

async function predictStatus(file: string, dir: string, amount: string): Promise<number> {
  const serving = await startServing(file, { port: 0, root: dir, logPredictions: false });
  try {
    const res = await fetch(`${serving.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ id: 'new', amount }] }) });
    await res.text();
    return res.status;
  } finally {
    await serving.close();
  }
}

describe('a model input a transform leaves missing on some rows', () => {
  it('is warned with the count and first row the run leaves out, and /predict refuses such a request', { timeout: 60_000 }, async () => {
    const { dir, file, text } = await project('standardize(log1p(transactions.amount))');
    const checked = await checkDocument(file, text, new DataInspector());
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const warned = checked.diagnostics.filter((d) => d.code === 'skew/implicit-missing');
    assert.equal(warned.length, 1, JSON.stringify(warned));
    assert.equal(warned[0].severity, 'warning');
    assert.equal(text.slice(warned[0].start, warned[0].end), 'amt_z');
    assert.equal(text.slice(0, warned[0].start).split('\n').pop(), '  inputs = [', 'at the model input');
    const said = /^'amt_z' is missing on (\d+) rows of 'transactions\.csv' \((\d+) training, (\d+) test; first: data row (\d+)\) where every column it reads is present/.exec(warned[0].message);
    assert.ok(said, warned[0].message);
    const [count, training, test, first] = said.slice(1).map(Number);
    assert.equal(training + test, count);

    const run = await runPipeline({ file, root: dir, backend: 'cpu' });
    assert.equal(run.status, 'completed');
    // The runner's own count of rows left out, and its first one.
    assert.equal(run.rows.droppedMissingFeatures, count);
    assert.deepEqual(run.rows.missingInputs, [{ feature: 'amt_z', count }]);
    assert.match(run.leftOut ?? '', new RegExp(`\\(first: data row ${first}\\)`));
    assert.equal(count, 18, 'every refund below -1, and -1 itself');

    assert.equal(await predictStatus(file, dir, '-5'), 400);
    assert.equal(await predictStatus(file, dir, '12.5'), 200);
  });

  it("is gone with the fix it suggests: 'fill_missing(…, value)' keeps every row, and /predict serves a refund", { timeout: 60_000 }, async () => {
    const { dir, file, text } = await project('fill_missing(standardize(log1p(transactions.amount)), 0)');
    const checked = await checkDocument(file, text, new DataInspector());
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.severity === 'error' || d.code === 'skew/implicit-missing').map((d) => d.message),
      [],
    );
    const run = await runPipeline({ file, root: dir, backend: 'cpu' });
    assert.equal(run.rows.droppedMissingFeatures, 0);
    assert.equal(await predictStatus(file, dir, '-5'), 200);
  });
});
