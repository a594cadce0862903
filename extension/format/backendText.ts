/**
 * What the user reads when a backend request fails or the backend is not there. Pure (no
 * vscode): commands, notifications and every webview panel say it the same way.
 */
import { ConnectionError, ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import type { RefusalData } from '../../server/protocol/backend.js';
import type { BackendState } from '../backend/backendSession.js';

/**
 * The backend went away with the request unanswered (killed, crashed, restarted): the
 * connection's own wording ('Pending response rejected since connection got disposed') means
 * nothing to a user, and nothing in it says what to do.
 */
export const BACKEND_GONE = "the backend stopped before it answered (the mlpipe output says why); it restarts by itself, or run 'mlpipe: Restart Backend'";

const CONNECTION_LOST: ReadonlySet<number> = new Set([ErrorCodes.PendingResponseRejected, ErrorCodes.ConnectionInactive, ErrorCodes.MessageWriteError]);

/** The error message of a failed request, one line, for the user. */
export function messageOf(e: unknown): string {
  if (e instanceof ConnectionError || (e instanceof ResponseError && CONNECTION_LOST.has(e.code))) return BACKEND_GONE;
  const message = e instanceof Error ? e.message : (e as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message.trim()) return message.trim().split('\n')[0]!;
  // Never '[object Object]': a thrown value without a message says only that something failed.
  return typeof e === 'string' && e.trim() ? e.trim().split('\n')[0]! : 'the request failed without a reason (the mlpipe output may say more)';
}

/**
 * Whether a failed request was refused by the pipeline's check (`RefusalData`): its errors are in
 * the Problems view, and the output channel says nothing about them.
 */
export function isCheckRefusal(e: unknown): boolean {
  return e instanceof ResponseError && (e.data as Partial<RefusalData> | undefined)?.reason === 'check';
}

/** Why a panel has nothing to show while the backend is not ready: starting is not an error. */
export function notRunningText(state: BackendState): string {
  return state.kind === 'stopped' ? `the backend is stopped: ${state.reason}` : 'the backend is starting…';
}
