import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { createConnection } from 'vscode-languageserver/node.js';
import * as serverData from '../../../server/lsp/serverData.js';
import { startServer } from '../../../server/lsp/server.js';
import { TestClient } from './client.js';

const PIPELINE = `pipeline demo

data rows {
  source = "data/rows.csv"
  target = y
}

feature fx = fill_missing(rows.x, 0)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 1
}
`;

/**
 * A check still reading data when the client sends 'shutdown' (an editor closing): once it
 * ends, nothing goes to the client. It published into a connection the embedder may have
 * disposed already, and the log line about that failure threw again, ending the process.
 */
test("a check that ends after 'shutdown' publishes nothing", { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-shutdown-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/rows.csv'), 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join(''));
  // A check's data, once read, waits on this gate while it is closed, so the check is in flight at 'shutdown'.
  let gate: Promise<void> = Promise.resolve();
  let reading: () => void = () => {};
  const data: typeof serverData = {
    ...serverData,
    projectInspector: (opts) => {
      const inspector = serverData.projectInspector(opts);
      const inspect = inspector.inspect.bind(inspector);
      inspector.inspect = async (...args) => {
        const info = await inspect(...args);
        reading();
        await gate;
        return info;
      };
      return inspector;
    },
  };
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const sent: unknown[] = [];
  const send = server.sendDiagnostics.bind(server);
  server.sendDiagnostics = (p) => {
    sent.push(p);
    return send(p);
  };
  startServer(server, { data: () => data });
  const client = new TestClient(createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up)), () => {
    server.dispose();
    up.end();
    down.end();
  }, false);
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  const { uri } = await client.open(join(dir, 'p.mlpipe'), PIPELINE);

  let release: () => void = () => {};
  gate = new Promise((r) => (release = r));
  const inFlight = new Promise<void>((r) => (reading = r));
  await client.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: PIPELINE.replace('seed   = 1', 'seed   = 2') }] });
  await inFlight;
  await client.request('shutdown', null);
  const before = sent.length;
  release();
  // The rest of the check is promise jobs (its data is read already): one turn ends it.
  await new Promise((r) => setImmediate(r));
  assert.equal(sent.length, before, `published after 'shutdown': ${JSON.stringify(sent.slice(before))}`);
});
