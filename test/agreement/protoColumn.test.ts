/**
 * A column called '__proto__' (an identifier like any other, so a CSV header may hold it): the
 * check is clean, so the engine fits and transforms it. Its entry in the fitted state was made
 * by assignment, which on a plain object sets the prototype instead: the column fell out of the
 * state and the run refused the feature as an unknown column. 'mlpipe score' read each row as
 * a request built the same way, so every row was refused for a missing '__proto__'; and
 * /predict's row schema (a zod record, which leaves '__proto__' out) dropped the field, so the
 * request was refused as missing it, or served with its fill_missing value. A serve default for
 * it was assigned too, so serving refused a request without the field that the check said it fills.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { reproduceRun } from '../../server/backend/pipeline/reproduce.js';
import { runPipeline } from '../../server/backend/pipeline/run.js';
import { startServing } from '../../server/backend/serve/server.js';
import { scoreCommand } from '../../server/cli/commands/score.js';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import { analyze } from '../../server/mlpipe/index.js';
import { transformBatch } from '../../server/mlpipe/features/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { runEngine, tablesOf } from './engine.js';

export const PROTO_PIPELINE = `pipeline proto

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature a = hash_bucket(t.__proto__, 8)
feature b = fill_missing(t.__proto__, 0)

model m {
  kind   = logistic
  inputs = [a, b]
  epochs = 3
  seed   = 1
}
`;

export const PROTO_CSV = ['id,__proto__,y', ...Array.from({ length: 40 }, (_, i) => `k${i},${(i * 7) % 11},${i % 2}`)].join('\n') + '\n';

describe("a column called '__proto__'", () => {
  it('is clean in the check, and the engine fits it, keeps it in the fitted state and transforms it', () => {
    const files = { 't.csv': PROTO_CSV };
    const a = analyze(PROTO_PIPELINE, memoryHost(files));
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const tables = tablesOf(a.binding, files);
    const engine = runEngine(a.binding, tables);
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.ok(Object.hasOwn(engine.state.columns, '__proto__'), 'the column is in the fitted state');
    assert.equal(engine.state.columns['__proto__'], 'number');
    assert.equal(JSON.parse(JSON.stringify(engine.state)).columns['__proto__'], 'number', 'and in its JSON');
    const batch = transformBatch(engine.plan, engine.state, { tables });
    assert.equal(batch.x[batch.width * 3 + batch.width - 1], (3 * 7) % 11, "row 4's 'b' is its cell");
  });
});

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SERVED = `${PROTO_PIPELINE}
register r {
  from = m
}

serve {
  model = r@staging
  defaults {
    __proto__ = 0
  }
}

environment {
  backend       = cpu
  deterministic = true
}
`;

/** The pipeline trained in a folder of its own, with 'new.csv' to score. */
async function trained(): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-proto-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  writeFileSync(join(dir, 't.csv'), PROTO_CSV);
  writeFileSync(join(dir, 'new.csv'), 'id,__proto__\nq1,4\nq2,9\n');
  const file = join(dir, 'p.mlpipe');
  writeFileSync(file, SERVED);
  const run = await runPipeline({ file, root: dir, backend: 'cpu' });
  assert.equal(run.status, 'completed');
  return { dir, file };
}

async function score(dir: string, file: string): Promise<string[][]> {
  const prev = process.env.MLPIPE_HOME;
  process.env.MLPIPE_HOME = dir;
  try {
    assert.equal(await scoreCommand([file, '--input', join(dir, 'new.csv'), '--output', join(dir, 'out.csv')]), 0);
  } finally {
    if (prev === undefined) delete process.env.MLPIPE_HOME;
    else process.env.MLPIPE_HOME = prev;
  }
  const out = parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'), 'out.csv');
  return out.rows.map((r) => r.map((v) => v ?? ''));
}

describe("a column called '__proto__', trained and scored", () => {
  it("'mlpipe score' scores every row that has the column", { timeout: 60_000 }, async () => {
    const { dir, file } = await trained();
    const rows = await score(dir, file);
    assert.equal(rows.length, 2);
  });

  it('/predict reads the field as sent and answers as the score does, bit for bit', { timeout: 60_000 }, async () => {
    const { dir, file } = await trained();
    const scored = await score(dir, file);
    const serving = await startServing(file, { port: 0, root: dir, logPredictions: false });
    try {
      // Written as text: an object literal's '__proto__' would set its prototype, not a field.
      for (const body of ['{"rows": [{"id": "q1", "__proto__": 4}, {"id": "q2", "__proto__": "9"}]}', '{"dataframe_records": [{"id": "q1", "__proto__": 4}, {"id": "q2", "__proto__": "9"}]}', '{"inputs": {"id": ["q1", "q2"], "__proto__": [4, "9"]}}']) {
        const path = body.startsWith('{"rows"') ? '/predict' : '/invocations';
        const res = await fetch(`${serving.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = (await res.json()) as { predictions: number[] };
        assert.equal(res.status, 200, `${path}: ${JSON.stringify(answer)}`);
        answer.predictions.forEach((p, r) => assert.ok(Object.is(Number(scored[r]![1]), p), `${path} row ${r}: scored ${scored[r]![1]}, served ${p}`));
      }
      // The serve default fills a request without the field: the answer is that of the field sent as 0.
      const [given, absent] = await Promise.all(
        ['{"rows": [{"id": "q3", "__proto__": 0}]}', '{"rows": [{"id": "q3"}]}'].map(async (body) => {
          const res = await fetch(`${serving.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          return { status: res.status, text: await res.text() };
        }),
      );
      assert.equal(absent!.status, 200, absent!.text);
      assert.equal(absent!.text, given!.text);
      const bad = await fetch(`${serving.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows": [{"id": "q1", "__proto__": [4]}]}' });
      assert.equal(bad.status, 400, 'a value no field takes is refused, under that name too');
      assert.match(JSON.stringify(await bad.json()), /'__proto__': a field value must be/);
    } finally {
      await serving.close();
    }
  });
});

// A feature (and a table) called '__proto__', monitored: its drift reference was built by
// assignment and read back through zod's record, both of which leave '__proto__' out, so serving
// refused the checker-clean file ("saved no drift reference for '__proto__'").
const MONITORED = `pipeline proto

data __proto__ {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature __proto__   = fill_missing(x, 0)
feature constructor = standardize(fill_missing(x, 1))

model m {
  kind   = logistic
  inputs = [__proto__, constructor]
  epochs = 3
  seed   = 1
}

register r {
  from = m
}

serve {
  model = r@staging
}

monitor {
  window = 5
  drift __proto__   psi > 0.2
  drift constructor psi > 0.2
  on_drift = alert
}

environment {
  backend       = cpu
  deterministic = true
}
`;

describe("a feature and a table called '__proto__', monitored", () => {
  it('is clean in the check, trains, reproduces (and is refused when its data changed), and serves with its drift reference', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-proto-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    writeFileSync(join(dir, 't.csv'), ['id,x,y', ...Array.from({ length: 40 }, (_, i) => `k${i},${(i * 7) % 11},${i % 2}`)].join('\n') + '\n');
    const file = join(dir, 'p.mlpipe');
    writeFileSync(file, MONITORED);
    assert.deepEqual(analyze(MONITORED, memoryHost({ 't.csv': readFileSync(join(dir, 't.csv'), 'utf8') })).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const run = await runPipeline({ file, root: dir, backend: 'cpu' });
    assert.equal(run.status, 'completed');
    // The run recorded the table's data version, and a reproduction checks it: it was lost (the
    // record's entry assigned, then read back through zod's record), so 'mlpipe reproduce' read
    // Object.prototype as the version and stopped with an internal error.
    assert.ok((await reproduceRun(run.runId, { root: dir })).identical, 'the reproduction is bitwise identical');
    appendFileSync(join(dir, 't.csv'), 'k40,1,0\n');
    await assert.rejects(reproduceRun(run.runId, { root: dir }), /t\.csv \(table __proto__\) no longer matches the data this run used/);
    writeFileSync(join(dir, 't.csv'), readFileSync(join(dir, 't.csv'), 'utf8').replace('k40,1,0\n', ''));
    const serving = await startServing(file, { port: 0, root: dir });
    try {
      const rows = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, x: i % 5 }));
      const res = await fetch(`${serving.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
      assert.equal(res.status, 200, await res.text());
      // The logged rows' feature values were keyed by assignment too: /drift read Object.prototype
      // as the feature's value and answered 500 ("a numeric drift target got {}").
      await serving.log!.flush(); // the 12 predictions are written: /drift reads them
      const d = await fetch(`${serving.url}/drift`);
      const text = await d.text();
      assert.equal(d.status, 200, text);
      const drift = JSON.parse(text) as { targets?: Array<{ target: string; value: number }> };
      const proto = drift.targets?.find((t) => t.target === '__proto__');
      assert.ok(proto && Number.isFinite(proto.value), JSON.stringify(drift));
    } finally {
      await serving.close();
    }
  });
});
