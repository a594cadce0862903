import { Message, type MessageStrategy, type RequestMessage } from 'vscode-languageserver/node.js';
import { canSignal } from './clientProcessId.js';
import { initializeProblem } from './params.js';

/** The request a malformed `initialize` becomes, so the server can refuse it with its problem. */
export const REFUSED_INITIALIZE = 'mlpipe/refusedInitialize';

/** The request an `initialize` after the first one passed on becomes: the server refuses it. */
export const REPEATED_INITIALIZE = 'mlpipe/repeatedInitialize';

/**
 * The request a `shutdown` before any `initialize` passed on becomes: the server refuses it
 * (ServerNotInitialized), and the library, which marks a `shutdown` it is given as received
 * before the server's handler runs, whatever that answers, then ended on `exit` with 0, not 1.
 */
export const SHUTDOWN_BEFORE_INITIALIZE = 'mlpipe/shutdownBeforeInitialize';

/**
 * The params key under which the guard passes on a client's `processId` that names no process
 * this server can see (the params' own `processId` is then null), for the server to log.
 */
export const UNSEEN_PROCESS_ID = 'mlpipe/unseenProcessId';

/**
 * Passes every message on, except `initialize`s the protocol library must not see as they are,
 * and a `shutdown` before any `initialize` (`SHUTDOWN_BEFORE_INITIALIZE`). The library reads
 * `params.processId` and `params.capabilities` itself, before the server's handler runs, on
 * every `initialize` it is given:
 * - one whose params it would fail on becomes a `REFUSED_INITIALIZE` request with the same id,
 *   carrying the problem, which the server answers with InvalidParams (-32602) in plain words; the
 *   library never sees it, so the server stays uninitialized and a correct `initialize` may follow;
 * - one after the first passed on becomes a `REPEATED_INITIALIZE` request, which the server
 *   refuses as it refuses a second `initialize`: given to the library, it armed a second watchdog
 *   on its `processId` (one naming no process here ended the server 3 s after the refusal) and
 *   re-read its capabilities;
 * - a `processId` that names no process here is passed on as null, the id kept under
 *   `UNSEEN_PROCESS_ID`: the library checks every 3 s that the process is alive and ends the
 *   server when it cannot signal it, and a client in a container, a Flatpak sandbox or on another
 *   machine (`ssh host mlpipe lsp --stdio`) sends its own process id, which is not one here, so
 *   its server ended 3 s after starting. It still ends when the client closes the connection.
 */
export function initializeGuard(signalable: (pid: number) => boolean = canSignal): MessageStrategy {
  let passed = false;
  return {
    handleMessage(message, next) {
      if (!Message.isRequest(message)) return next(message);
      const replaced = (method: string, params: object): RequestMessage => ({ jsonrpc: message.jsonrpc, id: message.id, method, params });
      if (message.method === 'shutdown' && !passed) return next(replaced(SHUTDOWN_BEFORE_INITIALIZE, {}));
      if (message.method !== 'initialize') return next(message);
      const problem = initializeProblem(message.params);
      if (problem !== undefined) return next(replaced(REFUSED_INITIALIZE, { problem }));
      if (passed) return next(replaced(REPEATED_INITIALIZE, {}));
      passed = true;
      const params = message.params as { processId?: number | null };
      if (typeof params.processId === 'number' && !signalable(params.processId)) return next(replaced('initialize', { ...params, processId: null, [UNSEEN_PROCESS_ID]: params.processId }));
      next(message);
    },
  };
}
