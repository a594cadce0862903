import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixtures, inProcessClient, uriOf, type TestClient } from './client.js';

/**
 * With a client that watches files (dynamic registration), the server asks it to watch each
 * pipeline's data files and re-checks on `workspace/didChangeWatchedFiles`. The server's own
 * fs.watch fallback is off here, so only the client's notification can trigger the re-check.
 */
describe('client-side file watching', () => {
  let client: TestClient;
  const tmp = copyFixtures();
  const csv = join(tmp.dir, 'data/orders.csv');

  before(async () => {
    client = inProcessClient({ fsWatch: false });
    await client.initialize({
      rootPath: tmp.dir,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } },
      initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 },
    });
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  it('registers watchers for the data files and lockfile a pipeline names', async () => {
    const registered = new Promise<void>((resolve) => {
      const check = () => (client.registrations.some((r) => JSON.stringify(r.registerOptions).includes('orders.csv')) ? resolve() : setImmediate(check));
      check();
    });
    await client.open(join(tmp.dir, 'clean.mlpipe'));
    await registered;
    const last = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').pop()!;
    const patterns = (last.registerOptions as { watchers: Array<{ globPattern: unknown }> }).watchers.map((w) => w.globPattern);
    assert.deepEqual(patterns[0], '**/*.mlpipe');
    assert.ok(patterns.some((p) => JSON.stringify(p) === JSON.stringify({ baseUri: uriOf(join(tmp.dir, 'data')), pattern: 'customers.csv' })));
    assert.ok(patterns.some((p) => JSON.stringify(p) === JSON.stringify({ baseUri: uriOf(tmp.dir), pattern: 'requirements.txt' })));
  });

  it('re-checks when the client reports a changed data file', async () => {
    const uri = uriOf(join(tmp.dir, 'clean.mlpipe'));
    writeFileSync(csv, readFileSync(csv, 'utf8') + 'c001,2024-02-27,1.00\n');
    const changed = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'repro/data-changed'));
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(csv), type: 2 }] });
    const d = (await changed).diagnostics.find((x) => x.code === 'repro/data-changed')!;
    assert.match(d.message, /orders\.csv/);
  });

  it("watches a missing source's folder whole, and re-checks for a close file written there", async () => {
    const path = join(tmp.dir, 'zebra.mlpipe');
    writeFileSync(path, readFileSync(join(tmp.dir, 'clean.mlpipe'), 'utf8').replace('"data/customers.csv"', '"data/zebra.csv"'));
    const whole = { baseUri: uriOf(join(tmp.dir, 'data')), pattern: '*' };
    const registered = new Promise<void>((resolve) => {
      const check = () => (client.registrations.some((r) => JSON.stringify(r.registerOptions).includes(JSON.stringify(whole))) ? resolve() : setImmediate(check));
      check();
    });
    const { uri, diagnostics } = await client.open(path);
    assert.deepEqual(diagnostics.filter((x) => x.code === 'repro/missing-source').map((x) => x.message.includes('Did you mean')), [false]);
    await registered;
    const zebras = join(tmp.dir, 'data/zebras.csv');
    writeFileSync(zebras, readFileSync(csv, 'utf8'));
    const suggested = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'repro/missing-source' && x.message.endsWith("Did you mean 'data/zebras.csv'?")));
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(zebras), type: 1 }] });
    await suggested;
  });
});
