import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.js';

let published: () => void = () => {};
/** Settles once the first complete (data-aware) diagnostics have been published: the entry then writes its code cache. */
export const firstCheckPublished = new Promise<void>((resolve) => (published = resolve));

// `--stdio`, `--node-ipc` or `--socket=N` on the command line choose the transport.
startServer(createConnection(ProposedFeatures.all), { afterFirstCheck: () => published() });
