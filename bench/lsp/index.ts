/**
 * Language server latency over a real stdio connection, on a generated 5,000-line pipeline:
 *  - didChange → publishDiagnostics, minus the configured debounce (target ≤ 50 ms beyond it);
 *  - completion round trip (target ≤ 10 ms), on a checked version and right after an edit;
 * with in-process baselines measured in the same run (a bare `analyze()` and `checkDocument()`),
 * so the ratio shows what the protocol and the server add.
 *
 * Run: npx tsx bench/lsp/index.ts [--lines 5000] [--edits 30] [--debounce 150]
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { sha256File } from '../../server/backend/data/hash.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { analyze } from '../../server/mlpipe/index.js';
import { generatePipeline } from './generate.js';

const ROOT = resolve(__dirname, '../..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('lines', 5000);
const EDITS = arg('edits', 30);
const DEBOUNCE = arg('debounce', 150);

function stats(xs: number[]): { median: number; p95: number } {
  const s = xs.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-bench-'));
  cpSync(join(ROOT, 'test/fixtures/pipelines/data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), 'numpy==1.26.4\n');
  const hashes = { customers: await sha256File(join(dir, 'data/customers.csv')), orders: await sha256File(join(dir, 'data/orders.csv')) };
  const path = join(dir, 'big.mlpipe');
  let text = generatePipeline(LINES, hashes);
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;

  // In-process baselines on the same text.
  const analyzeMs: number[] = [];
  const checkMs: number[] = [];
  const inspector = new DataInspector();
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    analyze(text);
    analyzeMs.push(performance.now() - t);
    t = performance.now();
    await checkDocument(path, text, inspector);
    checkMs.push(performance.now() - t);
  }

  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/lsp/main.ts'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map<number, (t: number) => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const now = performance.now();
    const waiter = p.uri === uri && p.version !== undefined ? waiters.get(p.version) : undefined;
    if (!waiter) return;
    waiters.delete(p.version!);
    waiter(now);
  });
  rpc.onNotification('window/logMessage', () => {});
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const published = (version: number) => new Promise<number>((resolve) => waiters.set(version, resolve));

  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: null,
    capabilities: {},
    initializationOptions: { diagnostics: { debounceMs: DEBOUNCE } },
  });
  await rpc.sendNotification('initialized', {});
  let version = 1;
  const opened = published(version);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version, text } });
  await opened;

  // Edits: change one feature's constant each time (the file stays valid).
  const editMs: number[] = [];
  const completeFresh: number[] = [];
  const completeStale: number[] = [];
  const marker = 'fill_missing(customers.tenure_days, 0)';
  const completionAt = (t: string) => {
    // Inside a feature expression after `customers.` (columns), near the end of the features.
    const at = t.lastIndexOf(marker) + 'fill_missing(customers.'.length;
    return TextDocument.create(uri, 'mlpipe', version, t).positionAt(at);
  };
  const complete = async (t: string) => {
    const s = performance.now();
    const list = (await rpc.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: completionAt(t),
      context: { triggerKind: 2, triggerCharacter: '.' },
    })) as { items: unknown[] };
    if (list.items.length === 0) throw new Error('completion returned nothing: the benchmark is not measuring real work');
    return performance.now() - s;
  };
  for (let i = 0; i < EDITS; i++) {
    text = text.replace(/fill_missing\(customers\.tenure_days, \d+\)/, `fill_missing(customers.tenure_days, ${i + 1})`);
    version++;
    const done = published(version);
    const sent = performance.now();
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    // A completion right after the edit answers from the previous analysis.
    completeStale.push(await complete(text));
    editMs.push((await done) - sent - DEBOUNCE);
    completeFresh.push(await complete(text));
  }
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
  rmSync(dir, { recursive: true, force: true });

  const rows: Array<[string, number[], string]> = [
    ['analyze() in-process (baseline)', analyzeMs, ''],
    ['checkDocument() in-process (baseline)', checkMs, ''],
    [`didChange → publishDiagnostics − ${DEBOUNCE} ms debounce`, editMs, '≤ 50'],
    ['completion, right after an edit', completeStale, '≤ 10'],
    ['completion, checked version', completeFresh, '≤ 10'],
  ];
  const base = stats(checkMs).median;
  console.log(`\nmlpipe language server, ${text.split('\n').length} lines, ${EDITS} edits, debounce ${DEBOUNCE} ms (node ${process.version})\n`);
  console.log('| measure | median ms | p95 ms | target ms | median / checkDocument |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, xs, target] of rows) {
    const s = stats(xs);
    console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${target || '—'} | ${(s.median / base).toFixed(2)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
