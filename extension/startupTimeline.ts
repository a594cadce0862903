/**
 * Where the wait for a pipeline's first diagnostics goes in a fresh window: the marks the
 * extension takes (all `performance.now()` in the extension host) and the one line it logs.
 * No vscode import, so it is unit-tested as it is.
 */

/** When activation began, and how the extension's bundle was loaded (extension/loader.ts). */
export interface ActivationStart {
  at: number;
  /** Reading and compiling dist/extensionMain.js. */
  bundleMs: number;
  /** Whether V8's code cache was used for it. */
  fromCache: boolean;
}

export interface StartupMarks {
  activation: ActivationStart;
  /** activate() returned. */
  activated?: number;
  /** The language server's process was started (at activation's beginning, beside the bundle loads). */
  serverSpawn?: number;
  /** Loading the language client's own bundle (dist/languageClient.js), after activation. */
  clientBundle?: { ms: number; fromCache: boolean };
  /** The language client was asked to start, and its server answered `initialize`. */
  clientStart?: number;
  clientReady?: number;
}

export interface DocumentMarks {
  /** When VS Code opened the document (or activation began, for one already open). */
  opened: number;
  /** When the client sent `didOpen`. */
  didOpen?: number;
  /** The server's first publish: syntax and rule diagnostics only, when it sent them first. */
  partial?: number;
  /** The first complete (data-aware) publish. */
  complete?: number;
}

/** The figure and its parts, in milliseconds. */
export interface FirstDiagnostics {
  file: string;
  /** When activation began, as epoch milliseconds: lines the figure up with other processes' logs. */
  activationAt: number;
  /**
   * From the extension host's start to activation's beginning (the marks count from the host
   * process's start): the editor's own start, its other extensions, and the wait between its
   * activation event and `activate()` running, which a user opening a fresh window waits too.
   */
  hostToActivationMs: number;
  /** From the document's open to its first diagnostics of any kind. */
  firstMs: number;
  /** From the document's open to the complete check. */
  completeMs: number;
  /** The same two from activation's start: what a window opened on the pipeline waits. */
  sinceActivationFirstMs: number;
  sinceActivationCompleteMs: number;
  activationMs: number;
  bundleMs: number;
  fromCache: boolean;
  /** Loading the language client's bundle, after activation (0 when it was part of activation). */
  clientBundleMs: number;
  clientFromCache: boolean;
  /** From activation's beginning to the server process's start. */
  serverSpawnMs: number;
  /** From the server process's start to its `initialize` answer: node's start, the server's modules, `initialize`. */
  serverStartMs: number;
  /** didOpen to the first publish (the server's first check, or its syntax and rules part). */
  firstCheckMs: number;
  /** didOpen to the complete publish (data inspection included). */
  fullCheckMs: number;
}

const ms = (n: number) => Math.max(0, Math.round(n));

/**
 * The figure once the document's complete check arrived; undefined before. `origin`: the epoch
 * milliseconds the marks count from (this process's `performance.timeOrigin`).
 */
export function firstDiagnostics(file: string, s: StartupMarks, d: DocumentMarks, origin = performance.timeOrigin): FirstDiagnostics | undefined {
  if (d.complete === undefined || d.didOpen === undefined || s.clientStart === undefined || s.clientReady === undefined) return undefined;
  // Nothing could be shown before activation began, whenever the document was opened.
  const opened = Math.max(d.opened, s.activation.at);
  const first = d.partial ?? d.complete;
  return {
    file,
    activationAt: Math.round(origin + s.activation.at),
    hostToActivationMs: ms(s.activation.at),
    firstMs: ms(first - opened),
    completeMs: ms(d.complete - opened),
    sinceActivationFirstMs: ms(first - s.activation.at),
    sinceActivationCompleteMs: ms(d.complete - s.activation.at),
    activationMs: ms((s.activated ?? s.clientStart) - s.activation.at),
    bundleMs: ms(s.activation.bundleMs),
    fromCache: s.activation.fromCache,
    clientBundleMs: ms(s.clientBundle?.ms ?? 0),
    clientFromCache: s.clientBundle?.fromCache ?? false,
    serverSpawnMs: ms((s.serverSpawn ?? s.clientStart) - s.activation.at),
    serverStartMs: ms(s.clientReady - (s.serverSpawn ?? s.clientStart)),
    firstCheckMs: ms(first - d.didOpen),
    fullCheckMs: ms(d.complete - d.didOpen),
  };
}

const cacheWord = (fromCache: boolean) => (fromCache ? 'from the code cache' : 'compiled, no code cache yet');

/** One line for the output channel and the end-to-end log. */
export function describeFirstDiagnostics(f: FirstDiagnostics): string {
  return (
    `first diagnostics of ${f.file} ${f.firstMs} ms after it was opened (${f.sinceActivationFirstMs} ms after activation began, which was ${f.hostToActivationMs} ms after the extension host started), the full check ${f.completeMs} ms: ` +
    `activation ${f.activationMs} ms (bundle load ${f.bundleMs} ms, ${cacheWord(f.fromCache)}), ` +
    `language client bundle ${f.clientBundleMs} ms (${cacheWord(f.clientFromCache)}), ` +
    `language server started ${f.serverSpawnMs} ms after activation began, ready ${f.serverStartMs} ms later (process, modules, initialize), ` +
    `didOpen to first diagnostics ${f.firstCheckMs} ms, to the full check with data ${f.fullCheckMs} ms`
  );
}
