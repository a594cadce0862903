/** `mlpipe lsp --stdio`: the language server for any editor. Loaded lazily so other commands do not pay for it. */
export async function startStdioServer(): Promise<void> {
  // The server reads its transport (--stdio, --node-ipc, --socket=N) from the command line itself.
  await import('../../lsp/main.js');
}

export async function lspCommand(): Promise<number> {
  await startStdioServer();
  return new Promise<number>(() => undefined); // runs until the client closes the connection
}
