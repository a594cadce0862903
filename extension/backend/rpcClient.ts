import type { MessageConnection } from 'vscode-jsonrpc';
import type { BackendEvent, BackendMethod, EventMethod, ParamsOf, ResultOf } from '../../server/protocol/backend.js';

const EVENT: EventMethod = 'mlpipe/event';

/**
 * The one typed door to the backend's JSON-RPC connection: every request goes through
 * `request` (method name checked against the protocol, params and result typed by it), every
 * event arrives through `onEvent`. No vscode import, so integration tests use it as is.
 */
export class BackendRpc {
  private readonly listeners = new Set<(event: BackendEvent) => void>();

  constructor(readonly connection: MessageConnection) {
    // One handler per method (a second onNotification would replace the first): it fans out.
    connection.onNotification(EVENT, (e: BackendEvent) => {
      for (const l of [...this.listeners]) l(e);
    });
  }

  request<M extends BackendMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.connection.sendRequest(method, params) as Promise<ResultOf<M>>;
  }

  onEvent(listener: (event: BackendEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
}
