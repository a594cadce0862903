import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.js';

// `--stdio`, `--node-ipc` or `--socket=N` on the command line choose the transport.
startServer(createConnection(ProposedFeatures.all));
