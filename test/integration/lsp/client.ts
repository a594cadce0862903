import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { ClientCapabilities, Diagnostic, InitializeParams, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as serverData from '../../../server/lsp/serverData.js';
import { startServer, type ServerOptions } from '../../../server/lsp/server.js';
import type { PartialDiagnosticsParams } from '../../../server/protocol/lspExtensions.js';

export const ROOT = resolve(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/pipelines');

export const uriOf = (path: string) => pathToFileURL(path).href;

/** A copy of the pipeline fixtures in a temporary folder, for tests that change files. */
export function copyFixtures(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Waiter {
  uri: string;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

/** A minimal LSP client over a real JSON-RPC connection, with waits on events (never sleeps). */
export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  /** Partial diagnostics (a first check's syntax and rules, before the data-aware result), in order. */
  readonly partials: PublishDiagnosticsParams[] = [];
  private readonly partialNext = new Set<string>();
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  private waiters: Waiter[] = [];
  /** What the server wrote to the client's log (`window/logMessage`), with its type (1 error … 4 log). */
  readonly logs: Array<{ type: number; message: string }> = [];
  private logWaiters: Array<{ test: (m: string) => boolean; resolve: (m: string) => void }> = [];
  private versions = new Map<string, number>();
  readonly texts = new Map<string, string>();

  constructor(
    readonly rpc: MessageConnection,
    private readonly onDispose: () => unknown,
    /** False in-process: the library's `exit` handler ends the whole process. */
    private readonly sendExit = true,
  ) {
    rpc.onNotification('mlpipe/partialDiagnostics', (p: PartialDiagnosticsParams) => this.partialNext.add(p.uri));
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      // A first check's syntax-and-rules part: kept apart; waits are for complete results.
      if (this.partialNext.delete(p.uri)) return void this.partials.push(p);
      this.published.set(p.uri, p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.test(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    rpc.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    rpc.onRequest('client/unregisterCapability', () => null);
    rpc.onRequest('workspace/configuration', () => [null]);
    rpc.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      const ready = this.logWaiters.filter((w) => w.test(p.message));
      this.logWaiters = this.logWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p.message);
    });
    rpc.listen();
  }

  async initialize(opts: { rootPath?: string; capabilities?: ClientCapabilities; initializationOptions?: unknown } = {}): Promise<unknown> {
    const root = opts.rootPath ?? FIXTURES;
    const params: InitializeParams = {
      // In-process, a process id would start the library's parent-process watchdog interval,
      // which keeps the test process alive.
      processId: this.sendExit ? process.pid : null,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: 'fixtures' }],
      // By default, code actions as the editors the tests stand for (VS Code, Neovim) take them;
      // always the partial-diagnostics mark, as the extension asks for it, so waits are for complete results.
      capabilities: {
        ...(opts.capabilities ?? { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } }),
        experimental: { mlpipe: { partialDiagnostics: true } },
      },
      initializationOptions: opts.initializationOptions,
    };
    const result = await this.rpc.sendRequest('initialize', params);
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  /** Resolves on the next diagnostics published for `uri` that pass `test` (or the latest, if it already does and `fresh` is false). */
  nextDiagnostics(uri: string, test: (d: Diagnostic[]) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, test: (p) => test(p.diagnostics), resolve }));
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const published = this.nextDiagnostics(uri);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });
    return { uri, diagnostics: (await published).diagnostics };
  }

  /** Replaces the whole text; resolves with the diagnostics of the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const published = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, test: (p) => p.version === version, resolve }));
    await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await published).diagnostics;
  }

  /** Applies edits for `uri` to the text the client holds and sends the change. */
  async applyEdits(uri: string, edits: TextEdit[]): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const doc = TextDocument.create(uri, 'mlpipe', 0, this.texts.get(uri)!);
    const text = TextDocument.applyEdits(doc, edits);
    return { text, diagnostics: await this.change(uri, text) };
  }

  /** Resolves with the first log message, past or future, that matches. */
  logged(re: RegExp): Promise<string> {
    const seen = this.logs.find((l) => re.test(l.message));
    if (seen) return Promise.resolve(seen.message);
    return new Promise((resolve) => this.logWaiters.push({ test: (m) => re.test(m), resolve }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params) as Promise<R>;
  }

  async dispose(): Promise<void> {
    try {
      await this.rpc.sendRequest('shutdown');
      if (this.sendExit) await this.rpc.sendNotification('exit');
    } catch {
      /* the server may be gone already */
    }
    this.rpc.dispose();
    await this.onDispose();
  }
}

/** The server in this process over a pair of in-memory streams. */
export function inProcessClient(options: Partial<ServerOptions> = {}): TestClient {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server, { data: () => serverData, ...options });
  const rpc = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return new TestClient(
    rpc,
    () => {
      server.dispose();
      up.end();
      down.end();
    },
    false,
  );
}

/**
 * The real server process: `node --import tsx server/lsp/main.ts --stdio`, or the built one
 * (`bundle`, e.g. dist/server.js, as it ships) with `env` added to the environment.
 */
export function stdioClient(opts: { bundle?: string; env?: NodeJS.ProcessEnv } = {}): { client: TestClient; child: ChildProcess; exited: Promise<number | null> } {
  const args = opts.bundle ? [opts.bundle] : ['--import', 'tsx', join(ROOT, 'server/lsp/main.ts')];
  const child = spawn(process.execPath, [...args, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...opts.env } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // After `exit` the process ends by itself; the kill is only a guard against a hung server.
  const client = new TestClient(rpc, () => {
    const guard = setTimeout(() => child.kill(), 10_000);
    return exited.finally(() => clearTimeout(guard));
  });
  return { client, child, exited };
}

export function codes(diags: Diagnostic[]): string[] {
  return diags.map((d) => String(d.code)).sort();
}

/** The LSP position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  const doc = TextDocument.create('x', 'mlpipe', 0, text);
  return doc.positionAt(at + delta);
}

/** A message the server wrote, as it came over the wire. */
export interface WireMessage {
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * The server process driven by exact JSON-RPC messages: `params` null, omitted or of any type
 * reach the server as written (the jsonrpc library's client turns a null param into `[null]`).
 * Requests from the server (configuration, registrations) are answered with null, but for the
 * methods named in `unanswered`, which are never answered (a client that declares a capability it
 * does not serve). `args` are added to the server's command line.
 */
export function rawStdioServer(opts: { unanswered?: string[]; args?: string[] } = {}): {
  messages: WireMessage[];
  exited: Promise<number | null>;
  /** Sends a request; `params` undefined leaves the field out. Resolves with the server's response. */
  request(method: string, params?: unknown): Promise<WireMessage>;
  notify(method: string, params?: unknown): void;
  /** Sends one Content-Length frame whose body is `body` as written (not necessarily JSON). */
  frame(body: string): void;
  /** Resolves with the first message, past or future, that passes `test`. */
  next(test: (m: WireMessage) => boolean): Promise<WireMessage>;
  /** What the server logged (`window/logMessage`) with type error (1) or warning (2). */
  problems(): string[];
  /** shutdown + exit, then the exit code (the process is killed if it does not end). */
  close(): Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/lsp/main.ts'), '--stdio', ...(opts.args ?? [])], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const messages: WireMessage[] = [];
  let waiters: Array<{ test: (m: WireMessage) => boolean; resolve: (m: WireMessage) => void }> = [];
  const frame = (text: string) => {
    if (!child.stdin!.writable) return;
    const body = Buffer.from(text, 'utf8');
    child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  };
  const write = (m: object) => frame(JSON.stringify({ jsonrpc: '2.0', ...m }));
  new StreamMessageReader(child.stdout!).listen((raw) => {
    const m = raw as WireMessage;
    messages.push(m);
    if (m.method && m.id !== undefined && !opts.unanswered?.includes(m.method)) write({ id: m.id, result: m.method === 'workspace/configuration' ? [null] : null });
    const ready = waiters.filter((w) => w.test(m));
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(m);
  });
  const next = (test: (m: WireMessage) => boolean) =>
    new Promise<WireMessage>((resolve) => {
      const seen = messages.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  let ids = 0;
  const request = (method: string, params?: unknown) => {
    const id = `raw-${++ids}`;
    write(params === undefined ? { id, method } : { id, method, params });
    return next((m) => m.id === id && m.method === undefined);
  };
  const notify = (method: string, params?: unknown) => write(params === undefined ? { method } : { method, params });
  return {
    messages,
    exited,
    request,
    notify,
    frame,
    next,
    problems: () => messages.filter((m) => m.method === 'window/logMessage' && m.params.type <= 2).map((m) => m.params.message as string),
    async close() {
      const guard = setTimeout(() => child.kill(), 10_000);
      if (child.exitCode === null && child.signalCode === null) {
        await Promise.race([request('shutdown'), exited]);
        notify('exit');
      }
      return exited.finally(() => clearTimeout(guard));
    },
  };
}
