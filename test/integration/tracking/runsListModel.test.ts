/**
 * A pipeline with several models trains one per run (`mlpipe run --model NAME`); `mlpipe runs`
 * listed those runs alike (`r-…  completed  demand  cpu  rmse=…`), so which model a run trained
 * was only in `--json`. Each line now names the model after the pipeline.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from '../../unit/tracking/tempRoot.js';
import { cli } from '../cli/harness.js';

test('mlpipe runs names the model each run trained', () => {
  const root = tempRoot();
  writeFileSync(join(root, 'package.json'), '{"private": true}\n');
  const store = openStore(root);
  const ids = ['demand_mlp', 'demand_lin'].map((model) => {
    const r = store.createRun({ pipelineName: 'demand', pipelinePath: 'demand.mlpipe', pipelineText: 'pipeline demand\n', params: { model } });
    store.finishRun(r.id, { status: 'completed', metrics: { rmse: 6.8 } });
    return r.id;
  });
  const old = store.createRun({ pipelineName: 'demand', pipelinePath: 'demand.mlpipe', pipelineText: 'pipeline demand\n' });
  store.finishRun(old.id, { status: 'completed', metrics: { rmse: 7 } });
  store.close();
  const r = cli(['runs'], { cwd: root, env: { NO_COLOR: '1' } });
  assert.equal(r.code, 0, r.stderr);
  const line = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
  assert.match(line(ids[0]!), / demand {2}demand_mlp {2}- {2}rmse=6\.800/, r.stdout);
  assert.match(line(ids[1]!), / demand {2}demand_lin {2}- {2}rmse=6\.800/, r.stdout);
  // A run recorded without params.model (none written by this version) keeps its line.
  assert.match(line(old.id), / demand {2}- {2}rmse=7\.000/, r.stdout);
});
