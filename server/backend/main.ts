// The backend process: training, reproduce, store queries and (when built in) serving, for the
// editor. JSON-RPC over stdin/stdout (vscode-jsonrpc); the protocol is server/protocol/backend.ts.
// stdout carries only protocol messages: everything that logs goes to stderr, which the
// extension shows in its output channel.
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { BackendEvent, BackendMethod, EventMethod } from '../protocol/backend.js';
import { PipelineError } from './pipeline/errors.js';
import { RegistryError } from './registry/registry.js';
import { liveServing } from './rpc/liveServing.js';
import { BackendService, RequestError } from './rpc/service.js';
import { TrackingError } from './tracking/store.js';

// Libraries (TensorFlow.js among them) print with console.log: keep it off the protocol stream.
for (const level of ['log', 'info', 'debug', 'warn'] as const) console[level] = console.error;

// The extension passes its own version; run by hand, the backend is 'dev'.
const version = process.env.MLPIPE_VERSION || 'dev';
const EVENT: EventMethod = 'mlpipe/event';
/** JSON-RPC server error range: a request refused for a reason the user can fix. */
const REFUSED = -32001;

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
const emit = (event: BackendEvent) => void connection.sendNotification(EVENT, event);
const service = new BackendService(emit, version, liveServing(emit));

for (const [method, handler] of Object.entries(service.handlers) as Array<[BackendMethod, (p: unknown) => Promise<unknown>]>) {
  connection.onRequest(method, async (params: unknown) => {
    try {
      return await handler(params ?? {});
    } catch (e) {
      if (e instanceof RequestError) throw new ResponseError(REFUSED, e.message, e.data);
      const message = e instanceof Error ? e.message : String(e);
      // Expected failures (bad pipeline, missing run) have a one-line message; others get their stack logged.
      if (!(e instanceof PipelineError || e instanceof TrackingError || e instanceof RegistryError)) console.error(`[backend] ${method} failed:`, e);
      throw new ResponseError(REFUSED, message.split('\n')[0]);
    }
  });
}

let closing = false;
async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  await service.close().catch((e) => console.error('[backend] closing:', e));
  process.exit(code);
}
connection.onClose(() => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
connection.listen();
console.error(`[backend] mlpipe backend ${version} on Node ${process.version} (pid ${process.pid}) ready`);
