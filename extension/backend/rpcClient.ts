import type { MessageConnection } from 'vscode-jsonrpc';
import type { BackendEvent, BackendMethod, EventMethod, ParamsOf, ResultOf } from '../../server/protocol/backend.js';

const EVENT: EventMethod = 'mlpipe/event';

/**
 * The one typed door to the backend's JSON-RPC connection: every request goes through
 * `request` (method name checked against the protocol, params and result typed by it), every
 * event arrives through `onEvent`. No vscode import, so integration tests use it as is.
 */
export class BackendRpc {
  constructor(readonly connection: MessageConnection) {}

  request<M extends BackendMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.connection.sendRequest(method, params) as Promise<ResultOf<M>>;
  }

  onEvent(listener: (event: BackendEvent) => void): { dispose(): void } {
    return this.connection.onNotification(EVENT, (e: BackendEvent) => listener(e));
  }
}
