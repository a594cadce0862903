import { Message, type MessageStrategy, type RequestMessage } from 'vscode-languageserver/node.js';
import { initializeProblem } from './params.js';

/** The request a malformed `initialize` becomes, so the server can refuse it with its problem. */
export const REFUSED_INITIALIZE = 'mlpipe/refusedInitialize';

/**
 * Passes every message on, except an `initialize` whose params the protocol library would fail
 * on before the server's handler runs (it reads `params.processId` and `params.capabilities`
 * itself): that one becomes a `REFUSED_INITIALIZE` request with the same id, carrying the
 * problem, which the server answers with InvalidParams (-32602) in plain words. The library never
 * sees it, so the server stays uninitialized and a correct `initialize` may follow.
 */
export const initializeGuard: MessageStrategy = {
  handleMessage(message, next) {
    if (!Message.isRequest(message) || message.method !== 'initialize') return next(message);
    const problem = initializeProblem(message.params);
    if (problem === undefined) return next(message);
    const refused: RequestMessage = { jsonrpc: message.jsonrpc, id: message.id, method: REFUSED_INITIALIZE, params: { problem } };
    next(refused);
  },
};
