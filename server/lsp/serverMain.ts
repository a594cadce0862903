import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { initializeGuard } from './initializeGuard.js';
import { startServer } from './server.js';
import type { DataModules } from './serverData.js';
import type { StartupMarks } from './startupMarks.js';

/**
 * Starts the server on the command line's transport (`--stdio`, `--node-ipc` or `--socket=N`).
 * `data` loads the data modules (the entry knows where their bundle is); `marks` holds the
 * entry's own start-up marks. Settles once the first complete (data-aware) diagnostics have been
 * published, so the entry can write its code caches.
 */
export function start(data: () => DataModules, marks?: StartupMarks): Promise<void> {
  return new Promise((afterFirstCheck) => startServer(createConnection(ProposedFeatures.all, { messageStrategy: initializeGuard() }), { data, afterFirstCheck, marks }));
}
