import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { trainedChurn, type Project } from './project.js';

// The served model's windows read the history tables' current files: when one is gone or
// broken, serving says which table, which source and where it looked.
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
