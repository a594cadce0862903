/** `mlpipe lsp --stdio`: the language server for any editor. Loaded lazily so other commands do not pay for it. */
export async function startStdioServer(): Promise<void> {
  await import('../../lsp/main.js');
}
