import * as vscode from 'vscode';
import type { ChildProcess } from 'node:child_process';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { MlpipeClientCapabilities, PartialDiagnosticsMethod, PartialDiagnosticsParams } from '../server/protocol/lspExtensions.js';
import type { CrashPolicy } from './crashPolicy.js';
import { readServerSettings, SECTION } from './settings.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

export const CLIENT_ID = 'mlpipe';

/**
 * The language client: how to start `dist/server.js` and which files it serves. All parsing
 * and checking happens in that process; nothing heavy runs in the extension host.
 * `mlpipe.trace.server` is read by vscode-languageclient itself (it looks up `<id>.trace.server`).
 */
/** What the session tells the client and hears back from it. */
export interface ClientHooks {
  crashes: CrashPolicy;
  /** True while the session stops the server on purpose: its closing is then no crash. */
  stopping: () => boolean;
  /** True once the session has moved on from this client (stopped or replaced it). */
  superseded: () => boolean;
  onGaveUp: (reason: string) => void;
  /** Diagnostics arrived for a document (partial ones, of a first check, were announced by `onPartial` just before). */
  onDiagnostics: (uri: vscode.Uri) => void;
  /** The server's next diagnostics for this document hold only its syntax and rules: the data-aware check follows. */
  onPartial: (uri: vscode.Uri) => void;
  /** The client sent `didOpen` for a document. */
  onDidOpen: (uri: vscode.Uri) => void;
  /**
   * A server process (dist/server.js over stdio) for each start and restart: the session starts
   * the first one ahead, at activation's beginning (serverProcess.ts).
   */
  serverProcess: () => ChildProcess;
}

const PARTIAL_DIAGNOSTICS: PartialDiagnosticsMethod = 'mlpipe/partialDiagnostics';

export function createLanguageClient(output: vscode.OutputChannel, hooks: ClientHooks): LanguageClient {
  const { crashes, stopping, onGaveUp } = hooks;
  // The client reads the process's stdout and stderr and writes its stdin.
  const serverOptions: ServerOptions = () => Promise.resolve(hooks.serverProcess());
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    // Sends `workspace/didChangeConfiguration` with the `mlpipe` section whenever it changes.
    // No static file watcher: the server registers watchers for exactly the files its pipelines
    // read (dynamic registration), so there is one watch mechanism and nothing to leak per restart.
    synchronize: { configurationSection: SECTION },
    initializationOptions: readServerSettings(),
    outputChannel: output,
    traceOutputChannel: output,
    // The client shows its own popups otherwise; the status bar and output channel carry the news.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      didOpen: async (document, next) => {
        hooks.onDidOpen(document.uri);
        await next(document);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        hooks.onDiagnostics(uri);
      },
    },
    errorHandler: {
      error: (error, _message, count) => {
        // A stop on purpose closes the pipe under pending writes: not an error worth showing.
        if (stopping()) return { action: ErrorAction.Shutdown, handled: true };
        output.appendLine(`[client] connection error (${count ?? 1}): ${error.message}`);
        return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: async () => {
        if (stopping()) return { action: CloseAction.DoNotRestart, handled: true };
        const decision = crashes.crashed();
        if (decision.restart) {
          output.appendLine(
            `[client] the language server stopped unexpectedly (${crashes.describe()}); restarting in ${decision.delayMs / 1000} s. Its last output is above.`,
          );
          await new Promise((r) => setTimeout(r, decision.delayMs));
          // Stopped or replaced while waiting (a restart command, deactivation): no restart here.
          return { action: stopping() || hooks.superseded() ? CloseAction.DoNotRestart : CloseAction.Restart, handled: true };
        }
        const reason = `the language server crashed ${crashes.describe()}`;
        output.appendLine(`[client] ${reason}; not restarting. Fix the cause shown above, then run "mlpipe: Restart Language Server".`);
        onGaveUp(reason);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, 'mlpipe language server', serverOptions, clientOptions);
  // Registered before start: the client installs it on each connection it makes.
  client.onNotification(PARTIAL_DIAGNOSTICS, (p: PartialDiagnosticsParams) => hooks.onPartial(client.protocol2CodeConverter.asUri(p.uri)));
  // The server sends it only to a client that asks for it.
  client.registerFeature({
    fillClientCapabilities: (capabilities) => {
      const mlpipe: MlpipeClientCapabilities = { partialDiagnostics: true };
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), mlpipe };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  return client;
}

// The session reads the client's states from this bundle too: it is loaded apart from the
// extension's main bundle, after activation (clientLoader.ts).
export { State } from 'vscode-languageclient/node';
