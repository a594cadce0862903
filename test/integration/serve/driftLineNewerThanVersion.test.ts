import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { trainedChurn, type Project } from './project.js';

// A drift line written after the served version trained, on a feature that version does not
// compute, was served: every window said 'not measured' with "drifted": false in /drift's JSON
// (and 0 in /metrics), no alert could ever come, and nothing said why. It is refused at start,
// as a line the reference cannot measure is.
let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

test('a drift line on a feature the served version was trained without is refused at start, naming the version', { timeout: 60_000 }, async () => {
  const copy = join(project.dir, 'newer.mlpipe');
  writeFileSync(
    copy,
    readFileSync(project.file, 'utf8')
      .replace('feature charges       = min_max(customers.monthly_charges)', 'feature charges       = min_max(customers.monthly_charges)\nfeature charges_z     = standardize(customers.monthly_charges)')
      .replace('inputs        = [tenure_z, order_z, orders_90d, plan, tickets, charges]', 'inputs        = [tenure_z, order_z, orders_90d, plan, tickets, charges, charges_z]')
      .replace('drift plan       js > 0.1', 'drift plan       js > 0.1\n  drift charges_z  psi > 0.2'),
  );
  await assert.rejects(
    startServing(copy, { port: 0 }).then((s) => s.close()),
    {
      message:
        "monitor: 'drift charges_z psi' cannot be measured: 'churn_model' v1 saved no drift reference for 'charges_z' (the line is newer than that version): serve a version trained with this monitor block, or remove the line",
    },
  );
});
