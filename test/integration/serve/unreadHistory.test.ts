import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { get, trainedChurn, type Project } from './project.js';

// A pipeline may declare a history table that the served model's inputs never read through a
// window. Serving must not need its file: it loaded and followed every data block, so a clean
// check and a trained model still refused to serve ("the served model's windows read it").
let project: Project;
before(async () => {
  project = await trainedChurn((t) =>
    t
      .replace('inputs        = [tenure_z, order_z, orders_90d, plan, tickets, charges]', 'inputs        = [tenure_z, plan, tickets, charges]')
      .replace(/^ {2}drift order_z .*$/m, '')
      .replace(/require auc +>= 0\.80/, 'require auc >= 0.5')
      .replace(/require accuracy +>= 0\.78/, 'require accuracy >= 0.5'),
  );
});
after(() => project?.dispose());

test('a history table no window of the served model reads is neither loaded nor needed', { timeout: 60_000 }, async () => {
  const orders = join(project.dir, 'data/orders.csv');
  renameSync(orders, `${orders}.moved`);
  try {
    const s = await startServing(project.file, { port: 0 });
    try {
      const health = await get(`${s.url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(health.json.history, []);
    } finally {
      await s.close();
    }
  } finally {
    renameSync(`${orders}.moved`, orders);
  }
});
