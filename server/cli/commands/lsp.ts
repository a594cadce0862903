import { CliError } from '../output.js';
import { LSP_USAGE } from '../usage.js';

/** The transports the language server reads from the command line itself. */
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

/** `mlpipe lsp --stdio`: the language server for any editor. Loaded lazily so other commands do not pay for it. */
export async function startStdioServer(): Promise<void> {
  // The server reads its transport (--stdio, --node-ipc, --socket=N) from the command line itself.
  await import('../../lsp/main.js');
}

export async function lspCommand(argv: string[]): Promise<number> {
  // Without a transport the server's library threw, and the CLI called its own usage error a bug (exit 70).
  if (!argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`))))
    throw new CliError(`mlpipe lsp: name how the editor talks to the server: --stdio (or --node-ipc, --socket=PORT)\nusage: ${LSP_USAGE}`);
  await startStdioServer();
  return new Promise<number>(() => undefined); // runs until the client closes the connection
}
