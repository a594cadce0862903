import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { initializeGuard } from './initializeGuard.js';
import { startServer } from './server.js';
import type { DataModules } from './serverData.js';
import type { StartupMarks } from './startupMarks.js';

/**
 * Starts the server on the command line's transport (`--stdio`, `--node-ipc` or `--socket=N`).
 * `data` loads the data modules (the entry knows where their bundle is); `marks` holds the
 * entry's own start-up marks. Settles once the first complete (data-aware) diagnostics have been
 * published, so the entry can write its code caches. `unseenProcessId` is a `--clientProcessId`
 * the entry took off the command line (it names no process here), for the server to log.
 */
export function start(data: () => DataModules, marks?: StartupMarks, unseenProcessId?: number): Promise<void> {
  return new Promise((afterFirstCheck) => startServer(createConnection(ProposedFeatures.all, { messageStrategy: initializeGuard() }), { data, afterFirstCheck, marks, unseenProcessId }));
}
