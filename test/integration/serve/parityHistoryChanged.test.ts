/**
 * Parity replays logged requests through the batch path with each history file's current
 * content. A history file that grew after the predictions were served (new orders: its normal
 * life) made parity print "SKEW" with nothing pointing at the data: a user would look for a code
 * path that does not exist. The report now names such a file and when it changed.
 */
import assert from 'node:assert/strict';
import { appendFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { logPredictions, parityOf, requestRows, trainedChurn, type Project } from './project.js';

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

describe('parity after a history file changed', { timeout: 180_000 }, () => {
  it('names the file modified after the predictions, and only then', async () => {
    const orders = join(project.dir, 'data/orders.csv');
    // Modified before serving: not news to any logged prediction.
    utimesSync(orders, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 200);
    await logPredictions(project.file, rows);
    const clean = await parityOf(project.file);
    assert.ok(clean.ok, JSON.stringify(clean.mismatches));
    assert.equal(clean.historyChanged, undefined);
    // A large order one day before each requested moment, for each requested customer.
    const lines = rows.map((row, i) => `OX${i},${row.customer_id},${new Date(Date.parse(String(row.snapshot_at)) - 86_400_000).toISOString()},999.00\n`);
    appendFileSync(orders, lines.join(''));
    const changed = await parityOf(project.file);
    assert.equal(changed.ok, false, 'the windows read the new orders');
    assert.deepEqual(changed.historyChanged?.map((h) => h.source), ['data/orders.csv']);
  });
});
