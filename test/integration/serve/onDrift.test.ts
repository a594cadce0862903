import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { trainedChurn, type Project } from './project.js';

// The spec names on_drift = retrain | alert and reports a monitor without it
// (lifecycle/no-retrain); what a server does then is the project's choice (docs/diagnostics.md):
// it measures and records alerts, as with 'alert', and never starts a retrain.
let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

test('only on_drift = retrain starts retrains; alert and a missing on_drift keep the monitor and record alerts only', { timeout: 60_000 }, async () => {
  const text = readFileSync(project.file, 'utf8');
  assert.match(text, /\n  on_drift = retrain\n/);
  for (const [name, onDrift, retrains] of [
    ['retrain', '  on_drift = retrain\n', true],
    ['alert', '  on_drift = alert\n', false],
    ['none', '', false],
  ] as const) {
    const copy = join(project.dir, `on-drift-${name}.mlpipe`);
    writeFileSync(copy, text.replace('  on_drift = retrain\n', onDrift));
    const serving = await startServing(copy, { port: 0 });
    try {
      assert.equal(serving.served.config.monitor.present, true, name);
      assert.equal(serving.served.config.monitor.onDrift, name === 'none' ? null : name);
      assert.equal(serving.retrainer !== null, retrains, name);
    } finally {
      await serving.close();
    }
  }
});
