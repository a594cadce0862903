import { basename, dirname } from 'node:path';
import {
  CodeActionKind,
  CodeActionRequest,
  Command,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentFormattingRequest,
  DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentRangesFormattingRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  SelectionRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
  SignatureHelpRequest,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceSymbolRequest,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type DidChangeTextDocumentParams,
  type DidCloseTextDocumentParams,
  type Disposable,
  type FileSystemWatcher,
  type InitializeResult,
  type NotificationHandler,
  type Position,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FactsCache } from '../backend/data/factsCache.js';
import type { DataInspector } from '../backend/data/inspect.js';
import { analyze } from '../mlpipe/index.js';
import type { PartialDiagnosticsMethod, PartialDiagnosticsParams } from '../protocol/lspExtensions.js';
import { Analyses, type DocAnalysis } from './analyses.js';
import { REFUSED_INITIALIZE, REPEATED_INITIALIZE, SHUTDOWN_BEFORE_INITIALIZE, UNSEEN_PROCESS_ID } from './initializeGuard.js';
import { clientFormats, type ClientFormats } from './clientFormats.js';
import { codeActionsIn, FIX_ALL_KIND } from './codeActionKinds.js';
import { completeAt, TRIGGER_CHARACTERS } from './completion.js';
import { definitionAt } from './definition.js';
import { folderEntries, pathDefinitionAt, pathLinksOf } from './pathLinks.js';
import { selectionRanges } from './selectionRanges.js';
import { ANY_FILE, DependencyWatcher } from './dependencyWatcher.js';
import { publishedDiagnostics } from './diagnosticCap.js';
import { foldingRanges } from './folding.js';
import { formatDocument, formatOnType, formatRanges } from './formatting.js';
import { ON_TYPE_TRIGGERS } from '../mlpipe/format/indentOnType.js';
import { hoverAt } from './hover.js';
import { ByteLru } from './inspectionCache.js';
import { changesFromClient, negotiateFromCapabilities, PositionCodec, type PositionEncoding } from './positionEncoding.js';
import { markdownToPlain } from './plainText.js';
import { pathToUri, uriToPath } from './paths.js';
import { highlightsAt, referencesAt } from './references.js';
import { prepareRenameAt, renameAt } from './rename.js';
import { versionedEdit } from './versionedEdits.js';
import { documentSyncProblem, paramsProblem, workspaceEventProblem } from './params.js';
import { notPipelineReason } from './documentLanguage.js';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semanticTokens.js';
import { SIGNATURE_TRIGGERS, signatureHelpAt } from './signatureHelp.js';
import { DEFAULT_SETTINGS, readPushedSettings, readSettings, type Settings } from './settings.js';
import { documentSymbols, flatSymbols, matchesQuery, namedSymbols, withKinds } from './symbols.js';
import { SERVER_VERSION } from './version.js';
import type { DataModules } from './serverData.js';
import { StartupMarks } from './startupMarks.js';
import { inFolders, scanCutMessage, WorkspaceIndex, type ScanResult } from './workspaceIndex.js';
import { isPipelinePath } from '../protocol/language.js';

/**
 * The mlpipe language server over any connection (stdio, IPC, or in-memory streams in tests).
 * Every request reads the one cached analysis of the document's current version; diagnostics
 * are published after a debounce, and again when a data file or lockfile a pipeline names
 * changes on disk.
 */
export interface ServerOptions {
  /**
   * The data modules (./serverData.js), asked for when the first complete check needs them: the
   * built server loads them from a bundle of their own (server/lsp/main.ts).
   */
  data: () => DataModules;
  /**
   * Watch dependency folders with `fs.watch` as well as through the client (default true).
   * Tests turn it off to show that the client's `didChangeWatchedFiles` alone re-checks.
   */
  fsWatch?: boolean;
  /** Where the start went; the entry takes its first marks (node ready, server loaded) before this runs. */
  marks?: StartupMarks;
  /** Called once, after the first complete (data-aware) diagnostics have been published. */
  afterFirstCheck?: () => void;
  /** The most folders a workspace scan reads (default `MAX_SCAN_FOLDERS`); tests make it small. */
  indexFolders?: number;
  /** A `--clientProcessId` that names no process here, taken off the command line (`clientProcessId.ts`): logged, not watched. */
  unseenProcessId?: number;
}

const PARTIAL_DIAGNOSTICS: PartialDiagnosticsMethod = 'mlpipe/partialDiagnostics';

/**
 * The command a quick fix is for a client without code action literals: its first argument is the
 * fix's WorkspaceEdit, which the server hands back through 'workspace/applyEdit'; its second, the
 * document version the edit is for (`FixTarget`).
 */
const APPLY_FIX = 'mlpipe.applyFix';

/** The document version a fix offered as a Command was computed for (the Command's second argument). */
interface FixTarget {
  uri: string;
  version: number;
}

/** A check slower than this is logged with its time, whatever the document. */
const SLOW_CHECK_MS = 500;

/** When no diagnostics were published this long after initialization, the workspace index starts anyway. */
const INDEX_AFTER_MS = 1000;

function describeSettings(s: Settings): string {
  return `diagnostics.debounceMs ${s.debounceMs}, data.maxSampleBytes ${s.maxSampleBytes}, diagnostics.maxPerFile ${s.maxPerFile}`;
}

function summary(diagnostics: ReadonlyArray<{ severity: string }>): string {
  const n = (sev: string) => diagnostics.filter((d) => d.severity === sev).length;
  const part = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${part(n('error'), 'error')}, ${part(n('warning'), 'warning')}, ${part(n('info'), 'info')}`;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  let data: DataModules | undefined;
  const dataModules = () => (data ??= options.data());
  /** Made when a complete check first reads data, and again when the settings that shape it change. */
  let inspector: DataInspector | undefined;
  let facts: FactsCache | undefined;
  let roots: string[] = [];
  let caps: ClientCapabilities = {};
  /** The unit of every position on the wire (`positionEncoding.ts`); the server's own are UTF-16. */
  let encoding: PositionEncoding = 'utf-16';
  const codecOf = (text: string, lines?: DocAnalysis['lines']) => PositionCodec.of(text, encoding, lines);
  /** The protocol's lifecycle: requests are answered only between 'initialize' and 'shutdown'. */
  let lifecycle: 'new' | 'running' | 'shut down' = 'new';
  /**
   * A notification handler that runs only between 'initialize' and 'shutdown'. Before, the
   * protocol drops notifications, and the server may send nothing (not even a log line): a
   * document opened then was held and answered from, pushed settings applied, and a malformed
   * one logged to a client not yet answered.
   */
  const whileRunning =
    <P>(handler: (p: P) => unknown) =>
    (p: P): void => {
      if (lifecycle === 'running') void handler(p);
    };
  let formats: ClientFormats = clientFormats({});
  let clientName = 'an unnamed client';
  // The client's output channel. An embedder may dispose the connection while a check or the
  // workspace scan is still running, and a write then throws 'Connection is disposed' out of a
  // promise nobody awaits: there is nobody left to tell, so the line is dropped.
  const say =
    (write: (m: string) => void) =>
    (m: string): void => {
      try {
        write(m);
      } catch {
        // The connection is gone.
      }
    };
  const log = say((m) => connection.console.log(m));
  const warn = say((m) => connection.console.warn(m));
  const error = say((m) => connection.console.error(m));
  const warnSetting = (m: string) => warn(`mlpipe: ${m}`);
  const analyses = new Analyses(
    {
      inspector: () => (inspector ??= dataModules().projectInspector({ maxBytes: settings.maxSampleBytes, cache: new ByteLru(), facts: projectFacts() })),
      verdicts: (path) => projectFacts().verdicts(path),
      timeVerdicts: (path) => projectFacts().timeVerdicts(path),
      splitVerdicts: (path) => projectFacts().splitVerdicts(path),
      baseFolder: () => roots[0],
    },
    error,
  );
  const index = new WorkspaceIndex(options.indexFolders);
  const timers = new Map<string, NodeJS.Timeout>();
  /**
   * The document version and text whose check is scheduled or done, so open + first change check
   * once. The text too: a client that sends a change under the version the document has already
   * (the protocol wants a higher one) had the change never checked.
   */
  const checked = new Map<string, { version: number; text: string }>();
  const isChecked = (doc: TextDocument) => {
    const c = checked.get(doc.uri);
    return c !== undefined && c.version === doc.version && c.text === doc.getText();
  };
  /** Documents whose first check is logged already. */
  const logged = new Set<string>();
  const watcher = new DependencyWatcher((path) => dependencyChanged(path), options.fsWatch ?? true);
  /**
   * Counts, per document, the data changes that re-scheduled its check. A check begun before one
   * read the data as it was; ending after the re-check (a large file still being read) it
   * published the old data's diagnostics last. It publishes nothing: the re-check does.
   */
  const dataChanges = new Map<string, number>();
  const noteDataChange = (uri: string) => dataChanges.set(uri, (dataChanges.get(uri) ?? 0) + 1);

  const marks = options.marks ?? new StartupMarks();
  let firstCheckDone = () => {
    firstCheckDone = () => {};
    log(marks.describe());
    options.afterFirstCheck?.();
  };

  /** The project's data facts and verdicts (`.mlpipe/cache/`), shared with 'mlpipe check'. */
  const projectFacts = () => (facts ??= dataModules().projectFactsCache());

  // --- diagnostics -------------------------------------------------------------------------
  async function runCheck(uri: string): Promise<void> {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const changes = dataChanges.get(uri);
    const started = performance.now();
    // A document's first check: its syntax and rule diagnostics go out before the data is read.
    let partialMs: number | undefined;
    if (!logged.has(uri) && !analyses.latest(uri)) {
      await publishPartial(doc);
      partialMs = performance.now() - started;
    }
    const a = await analyses.of(doc);
    // Shut down meanwhile: nothing more goes to the client (an embedder may have closed the connection).
    if (lifecycle !== 'running') return;
    // A newer edit is pending: its own check will publish. A document closed meanwhile gets
    // nothing more, even when opened again under the same URI and version (the reopened text's
    // own check publishes; this result is of the text that was closed).
    if (documents.get(uri) !== doc || doc.version !== a.version || doc.getText() !== a.text || dataChanges.get(uri) !== changes) return;
    await connection.sendDiagnostics({ uri, version: a.version, diagnostics: codecOf(a.text, a.lines).diagnostics(publishedDiagnostics(a.diagnostics, settings.maxPerFile)) });
    const ms = performance.now() - started;
    published();
    marks.mark('complete');
    firstCheckDone();
    // The first check of a document, and any slow one, go to the log with their time.
    if (!logged.has(uri) || ms > SLOW_CHECK_MS) {
      logged.add(uri);
      const parts = [a.dataMs === undefined ? '' : `reading data ${a.dataMs.toFixed(0)} ms`, partialMs === undefined ? '' : `syntax and rule diagnostics published after ${partialMs.toFixed(0)} ms`].filter(Boolean);
      const data = parts.length ? ` (${parts.join('; ')})` : '';
      log(`mlpipe: checked ${basename(uriToPath(uri))} (version ${a.version}) in ${ms.toFixed(0)} ms: ${summary(a.diagnostics)}${data}`);
    }
    if (watcher.update(uri, a.dependencies, a.folders)) void registerClientWatchers();
  }

  /** The pure check's diagnostics (no I/O), marked partial: the data-aware result follows. */
  async function publishPartial(doc: TextDocument): Promise<void> {
    const text = doc.getText();
    const quick = analyze(text);
    // The version of the text checked: an edit may update `doc` while the notification is written.
    const params: PartialDiagnosticsParams = { uri: doc.uri, version: doc.version };
    if (formats.partialDiagnostics) await connection.sendNotification(PARTIAL_DIAGNOSTICS, params);
    await connection.sendDiagnostics({ ...params, diagnostics: codecOf(text, quick.lines).diagnostics(publishedDiagnostics(quick.diagnostics, settings.maxPerFile)) });
    published();
  }

  /** Diagnostics went out: the first time, the start-up mark is set and the workspace index may start. */
  function published(): void {
    marks.mark('firstPublish');
    void scanWorkspace();
  }

  function schedule(uri: string, delay: number): void {
    const prev = timers.get(uri);
    if (prev) clearTimeout(prev);
    const run = () => void runCheck(uri).catch((e) => error(`mlpipe: check of ${uri} failed: ${(e as Error).stack ?? e}`));
    if (delay <= 0) {
      timers.delete(uri);
      run();
    } else timers.set(uri, setTimeout(run, delay));
  }

  function dependencyChanged(path: string): void {
    inspector?.invalidate(path);
    for (const uri of watcher.dependents(path)) {
      analyses.invalidate(uri);
      noteDataChange(uri);
      // Writes arrive as bursts of events: one re-check after the burst.
      schedule(uri, settings.debounceMs);
    }
  }

  documents.onDidOpen((e) => {
    marks.mark('didOpen');
    // Opened again without a close (the protocol forbids it; the text is the client's now): the
    // analyses are keyed by version, so one of the same version answered from the old text.
    if (checked.has(e.document.uri)) {
      warn(`mlpipe: textDocument/didOpen: ${e.document.uri} is open already; its new text replaces the old`);
      analyses.forget(e.document.uri);
    }
    checked.set(e.document.uri, { version: e.document.version, text: e.document.getText() });
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (isChecked(e.document)) return;
    checked.set(e.document.uri, { version: e.document.version, text: e.document.getText() });
    schedule(e.document.uri, settings.debounceMs);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    checked.delete(uri);
    dataChanges.delete(uri);
    logged.delete(uri);
    analyses.forget(uri);
    if (watcher.remove(uri)) void registerClientWatchers();
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // A closed file stays in workspace/symbol only when it is in the workspace, as a scan finds it.
    if (uri.startsWith('file:') && inFolders(uriToPath(uri), roots)) void index.indexFile(uriToPath(uri));
  });

  /** A workspace notification's handler that drops, with a log line, params it cannot read (`workspaceEventProblem`). */
  const checkedEvent = <P>(method: string, apply: (p: P) => void) =>
    whileRunning((p: P): void => {
      const problem = workspaceEventProblem(method, p);
      if (problem) warn(`mlpipe: ignored ${problem}`);
      else apply(p);
    });

  // --- client-side file watching ------------------------------------------------------------
  let clientWatchers: Promise<Disposable | undefined> = Promise.resolve(undefined);
  /** The client took a watcher registration: it tells of pipelines added, changed or deleted on disk. */
  let clientWatches = false;
  function registerClientWatchers(): Promise<void> {
    if (!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) return Promise.resolve();
    const relative = caps.workspace.didChangeWatchedFiles.relativePatternSupport === true;
    const watchers: FileSystemWatcher[] = [{ globPattern: '**/*.mlpipe' }];
    for (const p of watcher.allPaths()) {
      // A folder watched whole, for a client without relative patterns: its data files, not every file in the workspace.
      const name = basename(p) === ANY_FILE && !relative ? '*.{csv,parquet,pq}' : basename(p);
      watchers.push({ globPattern: relative ? { baseUri: pathToUri(dirname(p)), pattern: name } : `**/${name}` });
    }
    // Registrations are serialized: each replaces the previous one.
    clientWatchers = clientWatchers.then(async (prev) => {
      prev?.dispose();
      try {
        const registered = await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
        clientWatches = true;
        return registered;
      } catch (e) {
        error(`mlpipe: could not register file watchers: ${(e as Error).message}`);
        return undefined;
      }
    });
    return clientWatchers.then(() => undefined);
  }

  connection.onDidChangeWatchedFiles(checkedEvent('workspace/didChangeWatchedFiles', (params) => {
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (isPipelinePath(path) && !documents.get(change.uri)) {
        if (change.type === 3) index.remove(path);
        else void index.indexFile(path);
      }
      if (watcher.dependents(path).length) dependencyChanged(path);
    }
  }));

  // --- settings -----------------------------------------------------------------------------
  function applySettings(next: Settings): void {
    const dataChanged = next.maxSampleBytes !== settings.maxSampleBytes;
    const capChanged = next.maxPerFile !== settings.maxPerFile;
    if (dataChanged || capChanged || next.debounceMs !== settings.debounceMs) log(`mlpipe: settings changed: ${describeSettings(next)}`);
    settings = next;
    if (dataChanged) {
      inspector = undefined;
      analyses.invalidate();
      for (const d of documents.all()) noteDataChange(d.uri);
    }
    // Published again: re-checked with the new data settings, or the same analyses capped anew.
    if (dataChanged || capChanged) for (const d of documents.all()) schedule(d.uri, 0);
  }

  connection.onDidChangeConfiguration(whileRunning(async (change) => {
    // What the push names is read at once (a client may send this with null params; a throw here
    // would be an unhandled rejection, which ends the process), and then the client's answer,
    // when it takes configuration requests: waited for first, a client that declares them but
    // never answers had its pushes never read. A null push (VS Code's) names nothing.
    applySettings(readPushedSettings(change?.settings, settings, warnSetting));
    if (!caps.workspace?.configuration) return;
    try {
      // The client's whole section, as a push of one is read (a key it no longer holds is back to its default).
      applySettings(readPushedSettings({ mlpipe: await connection.workspace.getConfiguration('mlpipe') }, settings, warnSetting));
    } catch {
      /* the pushed settings stand */
    }
  }));

  // --- lifecycle ----------------------------------------------------------------------------
  // An 'initialize' the library could not read (`initializeGuard`): refused in plain words, nothing set up.
  connection.onRequest(REFUSED_INITIALIZE, (p: { problem: string }) => {
    throw new ResponseError(ErrorCodes.InvalidParams, p.problem);
  });
  // Sent once: a second one would reset the settings and capabilities, and after 'shutdown' reopen the server.
  const initializeAgain = () =>
    new ResponseError(ErrorCodes.InvalidRequest, lifecycle === 'shut down' ? 'initialize: the server is shut down' : "initialize: the server is initialized already ('initialize' is sent once)");
  // A second 'initialize', which `initializeGuard` kept from the library.
  connection.onRequest(REPEATED_INITIALIZE, () => {
    throw initializeAgain();
  });
  connection.onInitialize((params): InitializeResult => {
    if (lifecycle !== 'new') throw initializeAgain();
    lifecycle = 'running';
    unseenProcessId = (params as { [UNSEEN_PROCESS_ID]?: number })[UNSEEN_PROCESS_ID] ?? options.unseenProcessId;
    marks.mark('initialize');
    caps = params.capabilities;
    const negotiated = negotiateFromCapabilities(caps);
    encoding = negotiated.encoding;
    index.encoding = encoding;
    formats = clientFormats(caps);
    settings = readSettings(params.initializationOptions, DEFAULT_SETTINGS, warnSetting);
    inspector = undefined;
    roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (roots.length === 0 && params.rootUri) roots = [uriToPath(params.rootUri)];
    // Deprecated, but the protocol still names it (rootUri wins when both are set): a client that
    // sends only a path had no workspace (no symbols of closed files, untitled files in the cwd).
    if (roots.length === 0 && params.rootPath) roots = [params.rootPath];
    clientName = params.clientInfo ? `${params.clientInfo.name}${params.clientInfo.version ? ' ' + params.clientInfo.version : ''}` : 'an unnamed client';
    // A client that reads neither CodeAction literals nor 'workspace/applyEdit' has no way to apply a fix: none is offered.
    const fixesAsCommands = !formats.codeActionLiterals && caps.workspace?.applyEdit === true;
    return {
      capabilities: {
        // Said even when it is the protocol's default (UTF-16), so a client that offers several knows which it got.
        positionEncoding: encoding,
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: SIGNATURE_TRIGGERS, retriggerCharacters: [' ', '='] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: formats.prepareRename ? { prepareProvider: true } : true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        // Several ranges in one request (LSP 3.18) only for a client that says it sends them.
        documentRangeFormattingProvider: caps.textDocument?.rangeFormatting?.rangesSupport === true ? { rangesSupport: true } : true,
        documentOnTypeFormattingProvider: { firstTriggerCharacter: ON_TYPE_TRIGGERS[0], moreTriggerCharacter: ON_TYPE_TRIGGERS.slice(1) },
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        ...(formats.codeActionLiterals ? { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } } : {}),
        ...(fixesAsCommands ? { codeActionProvider: true, executeCommandProvider: { commands: [APPLY_FIX] } } : {}),
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mlpipe', version: SERVER_VERSION },
      ...(negotiated.answerOffsetEncoding ? { offsetEncoding: encoding } : {}),
    };
  });

  /** The client's process id when it names no process here (`initializeGuard`): the server does not watch it. */
  let unseenProcessId: number | undefined;
  /** 'initialized' was handled: it sets up once (a second one registered watchers and folder listeners again). */
  let initialized = false;
  connection.onInitialized(async () => {
    // Before 'initialize' it is dropped, as the protocol says of every notification then (and
    // nothing may be sent to the client then, a log line neither).
    if (lifecycle !== 'running') return;
    if (initialized) return warn("mlpipe: ignored 'initialized': sent already");
    initialized = true;
    marks.mark('initialized');
    // Logged once initialized: the initialize reply is the first message a client reads.
    log(`mlpipe language server ${SERVER_VERSION} started (Node ${process.version}, pid ${process.pid}) for ${clientName}`);
    if (unseenProcessId !== undefined)
      log(`mlpipe: the client's process id ${unseenProcessId} names no process here (a client in a container, a sandbox or on another machine): the server ends when the connection closes, not by watching that process`);
    log(`mlpipe: settings: ${describeSettings(settings)}; formats: hover ${formats.hoverMarkdown ? 'markdown' : 'plain text'}, completion ${formats.completion.snippets ? 'snippets' : 'plain text'}, positions ${encoding}`);
    // Registered here, in place of the protocol library's handler (set up by 'initialize' for a
    // client that declares workspace folders), which read 'params.event' unchecked.
    if (caps.workspace?.workspaceFolders)
      connection.onNotification(
        DidChangeWorkspaceFoldersNotification.type,
        checkedEvent('workspace/didChangeWorkspaceFolders', ({ event: e }) => {
          const removed = e.removed.map((f) => uriToPath(f.uri));
          roots = roots.filter((r) => !removed.includes(r)).concat(e.added.map((f) => uriToPath(f.uri)));
          index.dropFolders(removed, roots);
          void index.scan(e.added.map((f) => uriToPath(f.uri))).then(logCut);
        }),
      );
    void registerClientWatchers();
    indexTimer = setTimeout(() => void scanWorkspace(), INDEX_AFTER_MS);
    indexTimer.unref?.();
    // Last: a client may be slow to answer, or never answer (one that declares the capability
    // and serves no such request), and setting up waited on it: no watchers, no folder changes.
    if (caps.workspace?.configuration) {
      try {
        applySettings(readSettings(await connection.workspace.getConfiguration('mlpipe'), settings, warnSetting));
      } catch {
        /* the client may refuse configuration requests */
      }
    }
  });

  /**
   * The workspace index (closed files' symbols, for workspace/symbol) is built once the first
   * diagnostics are out, or `INDEX_AFTER_MS` after initialization when no document is opened:
   * started at once, it parsed every pipeline of the workspace beside the first check, on the
   * same event loop and disk. A workspace/symbol request starts it, and waits for it.
   */
  let scanning: Promise<void> | undefined;
  const logCut = (scanned: ScanResult) => {
    const cut = scanCutMessage(scanned, index.maxFolders);
    if (cut) warn(cut);
  };
  let indexTimer: ReturnType<typeof setTimeout> | undefined;
  /** One refresh at a time: a picker asks on every keystroke, and the requests meanwhile share it. */
  let refreshing: Promise<void> | undefined;
  function refreshIndex(): Promise<void> {
    // A cut is not logged again: the scan said it once.
    return (refreshing ??= index
      .refresh(roots)
      .then(() => undefined)
      .finally(() => (refreshing = undefined)));
  }
  function scanWorkspace(): Promise<void> {
    clearTimeout(indexTimer);
    return (scanning ??= (async () => {
      const started = performance.now();
      const scanned = await index.scan(roots);
      log(`mlpipe: indexed ${scanned.files} pipeline file(s) in ${roots.length} workspace folder(s) in ${(performance.now() - started).toFixed(0)} ms`);
      logCut(scanned);
    })());
  }

  // A 'shutdown' before 'initialize', which `initializeGuard` kept from the library (so 'exit' still ends with 1).
  connection.onRequest(SHUTDOWN_BEFORE_INITIALIZE, () => {
    throw lifecycleRefusal('shutdown');
  });
  connection.onShutdown(() => {
    const refused = lifecycleRefusal('shutdown');
    if (refused) throw refused;
    lifecycle = 'shut down';
    clearTimeout(indexTimer);
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    watcher.dispose();
  });

  // --- requests -----------------------------------------------------------------------------
  /**
   * The refusal the protocol names for any request (this server's, 'shutdown', or one it does not
   * know) outside 'initialize'…'shutdown': -32002 before, -32600 after; undefined in between.
   */
  const lifecycleRefusal = (name: string): ResponseError<void> | undefined => {
    if (lifecycle === 'new') return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server is not initialized (send 'initialize' first)`);
    if (lifecycle === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, `${name}: the server is shut down`);
    return undefined;
  };
  // A method the server does not have: before, a client that got the order wrong was told
  // MethodNotFound, and a 'shutdown' before 'initialize' was answered and shut the server down.
  connection.onRequest((method) => {
    throw lifecycleRefusal(method) ?? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });
  /**
   * Runs `read` on the document's current analysis (`Analyses.use`) with the codec of that
   * analysis's text, which every position the request reads and answers goes through
   * (`positionEncoding.ts`); null when the document is not open.
   */
  const withAnalysis = async <R>(uri: string, read: (a: DocAnalysis, doc: TextDocument, codec: PositionCodec) => R): Promise<R | null> => {
    const doc = documents.get(uri);
    return doc ? analyses.use(doc, (a) => read(a, doc, codecOf(a.text, a.lines))) : null;
  };
  /** The offset of a client's position in the analysed text. */
  const offsetIn = (a: DocAnalysis, codec: PositionCodec, p: { position: Position }) => a.lines.offsetAt(codec.fromClient(p.position));
  /**
   * Runs a handler, logging unexpected errors instead of failing the request (refusals pass
   * through). Params without the shape the handler reads (`paramsProblem`) are refused with
   * InvalidParams; handlers are registered with `connection.onRequest`, not `onHover` and the like,
   * which read `params.workDoneToken` first: params of `null` failed there as an internal error. Before `initialize` and after `shutdown` a request is refused with the codes the
   * protocol names for each, instead of being answered from a state the client did not set up.
   */
  const guard =
    <P, R>(name: string, fallback: R, fn: (p: P) => Promise<R>) =>
    async (p: P, token?: CancellationToken): Promise<R> => {
      const refused = lifecycleRefusal(name);
      if (refused) throw refused;
      const problem = paramsProblem(name, p);
      if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
      const work = (async () => {
        try {
          return await fn(p);
        } catch (e) {
          if (e instanceof ResponseError) throw e;
          error(`mlpipe: ${name} failed: ${(e as Error).stack ?? e}`);
          return fallback;
        }
      })();
      return token ? untilCancelled(name, work, token) : work;
    };
  /**
   * A request the client cancels (`$/cancelRequest`) is answered RequestCancelled at once; the
   * work goes on (a check it waits for is shared) and its result is dropped. Before, a request
   * waiting for a slow check (a large data file read) or the workspace scan was answered only
   * when they ended, and a client that cancels and asks again as the cursor moves (Helix,
   * Neovim pickers) had every cancelled request answered after the wait.
   */
  const untilCancelled = async <R>(name: string, work: Promise<R>, token: CancellationToken): Promise<R> => {
    const refusal = () => new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: cancelled by the client`);
    // The work's own refusal (a ResponseError), once nobody awaits it, must not be an unhandled rejection, which ends the process.
    work.catch(() => undefined);
    if (token.isCancellationRequested) throw refusal();
    let listener: Disposable | undefined;
    const cancelled = new Promise<never>((_, reject) => (listener = token.onCancellationRequested(() => reject(refusal()))));
    try {
      return await Promise.race([work, cancelled]);
    } finally {
      listener?.dispose();
    }
  };

  connection.onRequest(
    HoverRequest.type,
    guard('hover', null, async (p) => {
      const hover = await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.hover(hoverAt(a, offsetIn(a, codec, p))));
      if (!hover || formats.hoverMarkdown) return hover;
      const md = hover.contents as { value: string };
      return { ...hover, contents: { kind: 'plaintext', value: markdownToPlain(md.value) } };
    }),
  );
  connection.onRequest(
    CompletionRequest.type,
    guard('completion', { isIncomplete: false, items: [] }, async (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return { isIncomplete: false, items: [] };
      // The newest analysis may be of an older text: the position and the edits are the current text's.
      return analyses.use(
        doc,
        (a) => {
          const codec = codecOf(doc.getText());
          return codec.completion(completeAt(doc.getText(), doc.offsetAt(codec.fromClient(p.position)), a, p.context?.triggerCharacter, formats.completion, folderEntries));
        },
        true,
      );
    }),
  );
  connection.onRequest(
    SignatureHelpRequest.type,
    guard('signatureHelp', null, async (p) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? signatureHelpAt(doc.getText(), doc.offsetAt(codecOf(doc.getText()).fromClient(p.position)), formats.signatureMarkdown, formats.signatureLabelOffsets, formats.signatureNoActiveParameter) : null;
    }),
  );
  connection.onRequest(
    DefinitionRequest.type,
    guard('definition', null, async (p) => {
      const uri = p.textDocument.uri;
      return (
        (await withAnalysis(uri, (a, _, codec) => {
          const at = offsetIn(a, codec, p);
          return codec.locations(uri, definitionAt(a, at) ?? pathDefinitionAt(a, at));
        })) ?? null
      );
    }),
  );
  connection.onRequest(
    DocumentLinkRequest.type,
    guard('documentLink', [], async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.links(pathLinksOf(a)))) ?? [];
    }),
  );
  connection.onRequest(
    ReferencesRequest.type,
    guard('references', [], async (p) => {
      const uri = p.textDocument.uri;
      return (await withAnalysis(uri, (a, _, codec) => codec.locations(uri, referencesAt(a, offsetIn(a, codec, p), p.context.includeDeclaration)))) ?? [];
    }),
  );
  connection.onRequest(
    DocumentHighlightRequest.type,
    guard('documentHighlight', [], async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.highlights(highlightsAt(a, offsetIn(a, codec, p))))) ?? [];
    }),
  );
  connection.onRequest(
    PrepareRenameRequest.type,
    guard('prepareRename', null, async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.prepareRename(prepareRenameAt(a, offsetIn(a, codec, p))))) ?? null;
    }),
  );
  connection.onRequest(
    RenameRequest.type,
    guard('rename', null, async (p) => {
      const uri = p.textDocument.uri;
      return (await withAnalysis(uri, (a, _, codec) => versionedEdit(codec.workspaceEdit(uri, renameAt(a, offsetIn(a, codec, p), p.newName)), a.version, formats.documentChanges))) ?? null;
    }),
  );
  connection.onRequest(
    DocumentSymbolRequest.type,
    guard('documentSymbol', [], async (p) => {
      const outline = withKinds((await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.documentSymbols(documentSymbols(a.file, a.lines)))) ?? [], formats.documentSymbolKind);
      return formats.hierarchicalSymbols ? outline : flatSymbols(p.textDocument.uri, outline);
    }),
  );
  connection.onRequest(
    WorkspaceSymbolRequest.type,
    guard('workspaceSymbol', [], async (p) => {
      const scanned = scanning !== undefined;
      await scanWorkspace();
      // Nobody tells the server of a closed pipeline changed on disk: the index is brought up to it
      // here (not when this request's own scan just read the disk).
      if (!clientWatches && scanned) await refreshIndex();
      await index.settled();
      // An open document stands for its file on disk: its own text, not the saved one (by path: a
      // client's URI of a file need not be Node's). A document that is not a file is its own.
      const byFile = new Map(index.symbols());
      for (const doc of documents.all()) {
        byFile.set(
          doc.uri.startsWith('file:') ? uriToPath(doc.uri) : doc.uri,
          await analyses.use(doc, (a) => codecOf(a.text, a.lines).symbols(namedSymbols(doc.uri, a.binding, a.lines, a.file.pipeline?.name?.name)), true),
        );
      }
      return [...byFile.values()]
        .flat()
        .filter((s) => matchesQuery(s.name, p.query))
        .map((s) => ({ ...s, kind: formats.workspaceSymbolKind(s.kind) }));
    }),
  );
  connection.onRequest(
    DocumentFormattingRequest.type,
    guard('formatting', [], async (p) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? codecOf(doc.getText()).edits(formatDocument(doc.getText())) : [];
    }),
  );
  connection.onRequest(
    DocumentRangeFormattingRequest.type,
    guard('rangeFormatting', [], async (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return [];
      const codec = codecOf(doc.getText());
      return codec.edits(formatRanges(doc.getText(), [codec.rangeFromClient(p.range)]));
    }),
  );
  connection.onRequest(
    DocumentRangesFormattingRequest.type,
    guard('rangesFormatting', [], async (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return [];
      const codec = codecOf(doc.getText());
      return codec.edits(formatRanges(doc.getText(), p.ranges.map((r) => codec.rangeFromClient(r))));
    }),
  );
  connection.onRequest(
    DocumentOnTypeFormattingRequest.type,
    guard('onTypeFormatting', [], async (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return [];
      const codec = codecOf(doc.getText());
      return codec.edits(formatOnType(doc.getText(), codec.fromClient(p.position), p.ch));
    }),
  );
  connection.onRequest(
    FoldingRangeRequest.type,
    guard('folding', [], async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a) => foldingRanges(a.file, a.lines))) ?? [];
    }),
  );
  connection.onRequest(
    SelectionRangeRequest.type,
    guard('selectionRange', [], async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.selectionRanges(selectionRanges(a.file, a.lines, p.positions.map((q) => codec.fromClient(q)))))) ?? [];
    }),
  );
  connection.onRequest(
    SemanticTokensRequest.type,
    guard('semanticTokens', { data: [] }, async (p) => {
      return (await withAnalysis(p.textDocument.uri, (a, _, codec) => codec.semanticTokens(semanticTokens(a.file, a.binding, a.lines)))) ?? { data: [] };
    }),
  );
  connection.onRequest(
    CodeActionRequest.type,
    guard('codeAction', [], async (p) => {
      const uri = p.textDocument.uri;
      const found = await withAnalysis(uri, (a, _, codec) => {
        // The diagnostics the client sends back are in its encoding; matched to the checker's (`codeActions.ts`) in UTF-16.
        const context = codec.identity ? p.context : { ...p.context, diagnostics: p.context.diagnostics.map((d) => ({ ...d, range: codec.rangeFromClient(d.range) })) };
        return {
          version: a.version,
          actions: codec.codeActions(uri, codeActionsIn(a, context, roots)).map((action) => (action.edit ? { ...action, edit: versionedEdit(action.edit, a.version, formats.documentChanges) } : action)),
        };
      });
      const actions = found?.actions ?? [];
      if (formats.codeActionLiterals) return actions;
      // The document and version the edit is for go with it: 'executeCommand' refuses it once the text has moved on.
      const at: FixTarget = { uri: p.textDocument.uri, version: found?.version ?? 0 };
      return caps.workspace?.applyEdit ? actions.map((action) => Command.create(action.title, APPLY_FIX, action.edit, at)) : [];
    }),
  );
  connection.onRequest(
    ExecuteCommandRequest.type,
    guard('executeCommand', null, async (p) => {
      const edit = p.arguments?.[0] as WorkspaceEdit | undefined;
      if (p.command !== APPLY_FIX) throw new ResponseError(ErrorCodes.InvalidParams, `executeCommand: '${p.command}' is not a command of this server (it runs '${APPLY_FIX}')`);
      if (edit === null || typeof edit !== 'object' || Array.isArray(edit)) throw new ResponseError(ErrorCodes.InvalidParams, `executeCommand: '${APPLY_FIX}' takes the fix's WorkspaceEdit as its one argument`);
      // A fix offered for an older text: its edit's positions have moved (a plain 'changes' edit,
      // for a client without versioned edits, was applied where they no longer pointed).
      const at = p.arguments?.[1] as Partial<FixTarget> | undefined;
      if (at && typeof at.uri === 'string' && typeof at.version === 'number') {
        const now = documents.get(at.uri)?.version;
        if (now !== at.version)
          throw new ResponseError(LSPErrorCodes.RequestFailed, `the fix was not applied: ${basename(uriToPath(at.uri))} ${now === undefined ? 'was closed' : `changed (version ${at.version}, now ${now})`} since it was offered; ask for the fixes again`);
      }
      const result = await connection.workspace.applyEdit(edit);
      if (result?.applied === false) throw new ResponseError(LSPErrorCodes.RequestFailed, `the fix was not applied${result.failureReason ? `: ${result.failureReason}` : ''}`);
      return null;
    }),
  );

  /** Documents of another language the client opened (`notPipelineReason`), not held: their changes and close are dropped quietly. */
  const otherLanguage = new Set<string>();
  /** The document manager's close, for a held document the client opens again under another language. */
  let closeDocument: NotificationHandler<DidCloseTextDocumentParams> | undefined;
  // Document notifications a client got wrong are dropped with a log line: a document without
  // text, or half of a change, would be checked and answered from as if the client held it.
  const checkedSync =
    <P extends { textDocument: { uri: string } }>(method: string, mustBeOpen: boolean, apply: NotificationHandler<P>) =>
    whileRunning((p: P): void => {
      const problem = documentSyncProblem(method, p);
      if (problem) return warn(`mlpipe: ignored ${problem}`);
      const { uri } = p.textDocument;
      // A document of another language is not held: its changes and close are the client's to send, and say nothing.
      if (method === 'textDocument/didOpen') {
        const notPipeline = notPipelineReason(p.textDocument);
        if (notPipeline) {
          otherLanguage.add(uri);
          // Opened again under another language (a client's "change language mode" sends a
          // close and an open, some clients the open alone): the latest open says what it is, so
          // a document held as a pipeline is let go as a close would, its diagnostics cleared.
          if (documents.get(uri) && closeDocument) closeDocument({ textDocument: { uri } });
          return log(`mlpipe: not checking ${uri}: ${notPipeline}`);
        }
        otherLanguage.delete(uri);
      } else if (otherLanguage.has(uri) && !documents.get(uri)) {
        if (method === 'textDocument/didClose') otherLanguage.delete(uri);
        return;
      }
      const doc = documents.get(uri);
      if (mustBeOpen && !doc) warn(`mlpipe: ignored ${method}: ${uri} is not open`);
      else if (method === 'textDocument/didChange' && doc && encoding !== 'utf-16') {
        // The document manager applies ranges in UTF-16: the client's are read against the text they were written for.
        const change = p as unknown as DidChangeTextDocumentParams;
        void apply({ ...change, contentChanges: changesFromClient(doc.getText(), encoding, change.contentChanges) } as unknown as P);
      } else void apply(p);
    });
  documents.listen({
    onDidOpenTextDocument: (h) => connection.onDidOpenTextDocument(checkedSync('textDocument/didOpen', false, h)),
    onDidChangeTextDocument: (h) => connection.onDidChangeTextDocument(checkedSync('textDocument/didChange', true, h)),
    onDidCloseTextDocument: (h) => {
      closeDocument = h;
      return connection.onDidCloseTextDocument(checkedSync('textDocument/didClose', true, h));
    },
    onWillSaveTextDocument: (h) => connection.onWillSaveTextDocument(h),
    // Not taken: 'willSaveWaitUntil' is not announced, and the document manager's handler answered
    // it with [] before 'initialize' and after 'shutdown' alike. Unregistered, it is a method the
    // server does not have (MethodNotFound), refused outside the lifecycle as every request is.
    onWillSaveTextDocumentWaitUntil: () => ({ dispose: () => undefined }),
    onDidSaveTextDocument: (h) => connection.onDidSaveTextDocument(h),
  });
  connection.listen();
}
