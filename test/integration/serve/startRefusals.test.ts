import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { trainedChurn, type Project } from './project.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { weightsHash } from '../../../server/backend/train/weights.js';
import type { WeightSpec } from '../../../server/backend/train/types.js';

// What serving reads at start besides the model's features: the history tables' current files
// (when one is gone or broken, it says which table, which source and where it looked) and the
// weights (a diverged version is refused).
let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

test('a history file that is gone stops serving at start, naming the table, its source and the path', async () => {
  const orders = join(project.dir, 'data/orders.csv');
  renameSync(orders, `${orders}.moved`);
  try {
    await assert.rejects(startServing(project.file, { port: 0 }).then((s) => s.close()), {
      message: `history table 'orders' (source "data/orders.csv" of churn.mlpipe, at ${orders}) is not there: the served model's windows read it`,
    });
  } finally {
    renameSync(`${orders}.moved`, orders);
  }
});

test('a history file that cannot be read says why, after which table it is', async () => {
  const orders = join(project.dir, 'data/orders.csv');
  const text = readFileSync(orders);
  writeFileSync(orders, '');
  try {
    await assert.rejects(
      startServing(project.file, { port: 0 }).then((s) => s.close()),
      (e: Error) => {
        assert.match(e.message, /^history table 'orders' \(source "data\/orders\.csv" of churn\.mlpipe, at .*orders\.csv\): .*empty/);
        return true;
      },
    );
  } finally {
    writeFileSync(orders, text);
  }
});

test('a version whose weights are not finite (a diverged training registered before runs refused it) is refused at start, with what to do', async () => {
  const dir = join(project.run.artifactDir, 'model');
  const modelJson = join(dir, 'model.json');
  const weightsBin = join(dir, 'weights.bin');
  const json = readFileSync(modelJson, 'utf8');
  const bytes = readFileSync(weightsBin);
  try {
    const model = JSON.parse(json) as { weights: { specs: WeightSpec[]; hash: string } };
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    data[0] = NaN;
    writeFileSync(weightsBin, new Uint8Array(data.buffer));
    model.weights.hash = weightsHash({ specs: model.weights.specs, data });
    writeFileSync(modelJson, JSON.stringify(model));
    // As such a run recorded them: files edited after their run are refused before their weights are read.
    recordModelFiles();
    await assert.rejects(startServing(project.file, { port: 0 }).then((s) => s.close()), {
      message: `'churn_model' v1 has weights that are not finite numbers (its training diverged): serve another version ('mlpipe rollback churn_model' or 'mlpipe promote'), and retrain with a lower 'learning_rate'`,
    });
  } finally {
    writeFileSync(modelJson, json);
    writeFileSync(weightsBin, bytes);
    recordModelFiles();
  }
});

/** Records the served run's model files as they are now, as its run did when it completed. */
function recordModelFiles(): void {
  const store = openStore(project.dir);
  try {
    for (const name of ['model/model.json', 'model/weights.bin']) store.recordArtifact(project.run.runId, name, name);
  } finally {
    store.close();
  }
}

test("a serve default unlike training's fill_missing (skew/missing-default-mismatch in the check) stops serving at start in the check's words", async () => {
  const original = readFileSync(project.file, 'utf8');
  const withDefault = (v: string) => original.replace('  port  = 8080\n}', `  port  = 8080\n  defaults {\n    tenure_days = ${v}\n  }\n}`);
  try {
    writeFileSync(project.file, withDefault('30'));
    const message = "serving fills a missing 'tenure_days' with 30, but feature 'tenure' fills it with 0 in training: use the same value, or drop this default";
    await assert.rejects(startServing(project.file, { port: 0 }).then((s) => s.close()), (e: Error) => {
      assert.match(e.message, /^the serve block of churn\.mlpipe cannot be served as written: line \d+: /);
      assert.ok(e.message.includes(message), e.message);
      return true;
    });
    const checked = checkText(withDefault('30'));
    assert.ok(checked.some((d) => d.code === 'skew/missing-default-mismatch' && d.message === message), 'the check says the same');
    // The training value, written any way the check passes, serves.
    for (const same of ['0', '0.0', '"0"']) {
      assert.deepEqual(checkText(withDefault(same)).filter((d) => d.severity === 'error'), [], same);
      writeFileSync(project.file, withDefault(same));
      const serving = await startServing(project.file, { port: 0 });
      await serving.close();
    }
  } finally {
    writeFileSync(project.file, original);
  }
});

test('a serve default matching the file but not the fill the served version trained with says which version, and to train again', async () => {
  const original = readFileSync(project.file, 'utf8');
  const fill = original.match(/fill_missing\(customers\.tenure_days, 0\)/)![0];
  // The file now fills with 5 and its default agrees: a clean check; the served v1 filled with 0.
  const text = original.replace(fill, 'fill_missing(customers.tenure_days, 5)').replace('  port  = 8080\n}', '  port  = 8080\n  defaults {\n    tenure_days = 5\n  }\n}');
  try {
    assert.deepEqual(checkText(text).filter((d) => d.code === 'skew/missing-default-mismatch'), []);
    writeFileSync(project.file, text);
    await assert.rejects(startServing(project.file, { port: 0 }).then((s) => s.close()), (e: Error) => {
      assert.match(e.message, /^'churn_model' v1 \(run \S+\) was trained with another fill than this serve block's: serving fills a missing 'tenure_days' with 5, but feature 'tenure' fills it with 0 in training: .*train the pipeline again \('mlpipe run churn\.mlpipe'\)/);
      return true;
    });
  } finally {
    writeFileSync(project.file, original);
  }
});

test('an error the check reports in the serve or monitor block stops serving at start in its words, with its line', async () => {
  const original = readFileSync(project.file, 'utf8');
  const serve = (lines: string) => original.replace('  port  = 8080\n}', `${lines}\n}`);
  const cases = [
    serve('  port  = 70000'),
    serve('  port  = 8080.5'),
    serve('  port  = 8080\n  log_predictions = maybe'),
    serve('  port  = 8080\n  defaults {\n    tenure_days = 0\n    tenure_days = 0\n  }'),
    serve('  port  = 8080\n  defaults {\n    tenure_days = [0]\n  }'),
    original.replace('  window   = 500', '  window   = 0'),
    original.replace('  window   = 500', '  window   = 1.5'),
  ];
  try {
    for (const text of cases) {
      const errors = checkText(text).filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0, `the check finds no error in:\n${text}`);
      const block = errors[0]!.range.start.line > text.split('\n').findIndex((l) => l.startsWith('monitor {')) ? 'monitor' : 'serve';
      writeFileSync(project.file, text);
      await assert.rejects(
        startServing(project.file, { port: 0 }).then((s) => s.close()),
        (e: Error) => {
          assert.ok(
            e.message.startsWith(`the ${block} block of churn.mlpipe cannot be served as written: line ${errors[0]!.range.start.line + 1}: ${errors[0]!.message}`),
            `${e.message}\n  the check: ${errors[0]!.message}`,
          );
          return true;
        },
      );
    }
    // Batch scoring reads no monitor: a monitor error does not stop it.
    writeFileSync(project.file, original.replace('  window   = 500', '  window   = 0'));
    await loadServedModel(project.file, { monitor: false });
  } finally {
    writeFileSync(project.file, original);
  }
});

function checkText(text: string) {
  return analyze(text).diagnostics;
}
