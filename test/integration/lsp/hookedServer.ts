import { PassThrough } from 'node:stream';
import type { TestContext } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { createConnection } from 'vscode-languageserver/node.js';
import * as serverData from '../../../server/lsp/serverData.js';
import { startServer } from '../../../server/lsp/server.js';
import { TestClient } from './client.js';

/**
 * An in-process server whose every data inspection, once read, awaits `afterRead` (which may hold
 * it, so a check is in flight across what the test does next), and whose published diagnostics
 * are recorded in `sent`. Disposed when the test ends.
 */
export function hookedServer(t: TestContext, afterRead: () => Promise<void>, options: { fsWatch?: boolean } = {}): { client: TestClient; sent: PublishDiagnosticsParams[] } {
  const data: typeof serverData = {
    ...serverData,
    projectInspector: (opts) => {
      const inspector = serverData.projectInspector(opts);
      const inspect = inspector.inspect.bind(inspector);
      inspector.inspect = async (...args) => {
        const info = await inspect(...args);
        await afterRead();
        return info;
      };
      return inspector;
    },
  };
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const sent: PublishDiagnosticsParams[] = [];
  const send = server.sendDiagnostics.bind(server);
  server.sendDiagnostics = (p) => {
    sent.push(p);
    return send(p);
  };
  startServer(server, { data: () => data, ...options });
  const client = new TestClient(createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up)), () => {
    server.dispose();
    up.end();
    down.end();
  }, false);
  t.after(() => client.dispose());
  return { client, sent };
}
