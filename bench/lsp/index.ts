/**
 * Language server latency over a real stdio connection, on generated pipelines: the bench's
 * own 5,000-line file (chained features and models over real CSVs) and every checker shape
 * (`bench/checker/shapes.ts`) at the same size. Per file:
 *  - didChange → publishDiagnostics, minus the configured debounce (target ≤ 50 ms beyond it),
 *    for a one-line edit sent as an incremental change, as editors send it;
 *  - the same for an edit of one feature line in the middle of the file (a model's seed where
 *    the middle has no feature line, a comment line in the comments shape), which the server
 *    re-parses incrementally;
 *  - completion round trip (target ≤ 10 ms), on a checked version and right after an edit;
 *  - on-type formatting round trip (target ≤ 10 ms: it answers every typed new line and `}`),
 *    at each `}` and at a line start in the middle, against whole-document formatting of the
 *    same text (what a client without on-type formatting would run);
 * with in-process baselines measured in the same run (a bare `analyze()` and `checkDocument()`),
 * so the ratio shows what the protocol and the server add.
 *
 * Then `first.ts`: spawn to first diagnostics of a fresh server on the churn example.
 *
 * Run: npx tsx bench/lsp/index.ts [--lines 5000] [--edits 20] [--debounce 150] [--shape NAME,…|bench|all] [--source] [--profile DIR] [--server PATH] [--no-first] [--only top|middle] [--node-flags "FLAGS"]
 * (the server runs from `dist/server.js` when built, as it ships; `--source` runs it through tsx;
 * `--only`: one kind of edit, so a profile holds that kind alone; `--node-flags`: node options
 * for the server process, say `--max-semi-space-size=64`, to measure what one would change).
 * The server's peak RSS is printed under the table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { analyze } from '../../server/mlpipe/index.js';
import { middleEditor } from '../checker/edits.js';
import { generateShape, SHAPES, type ShapeName } from '../checker/shapes.js';
import { loadPerCore } from '../checker/measure.js';
import { generatePipeline } from './generate.js';
import { processCpuMs } from './processCpu.js';
import { benchClient } from './client.js';
import { benchWorkspace } from './workspace.js';
import { flag, numberOption, option } from '../argv.js';

const ROOT = resolve(__dirname, '../..');
const LINES = numberOption('lines', 5000);
const EDITS = numberOption('edits', 20);
const DEBOUNCE = numberOption('debounce', 150);
const shapeArg = option('shape', 'all');
const ONLY = option('only');
if (ONLY !== undefined && ONLY !== 'top' && ONLY !== 'middle') throw new Error(`--only takes top or middle, not ${ONLY}`);
/** Node options for the server process (`--node-flags "A B"`); none by default, as the product starts it. */
const NODE_FLAGS = option('node-flags', '').split(' ').filter(Boolean);
const FILES = shapeArg === 'all' ? ['bench', ...SHAPES] : shapeArg.split(',');

function stats(xs: number[]): { median: number; p95: number } {
  const s = xs.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95) };
}

/** The next version of a file: one number on one line changed (the file's meaning stays the same), as an LSP range edit. */
function editOf(text: string, i: number): { text: string; start: number; end: number; insert: string } {
  const m = /seed = (\d+)/.exec(text) ?? /comment line (\d+)/.exec(text);
  if (!m) throw new Error('no line to edit in the benchmark file');
  const start = m.index + m[0].length - m[1].length;
  const end = m.index + m[0].length;
  const insert = String(1000 + i);
  return { text: text.slice(0, start) + insert + text.slice(end), start, end, insert };
}

interface Row {
  name: string;
  lines: number;
  diagnostics: number;
  analyzeMs: number[];
  checkMs: number[];
  editMs: number[];
  /** The server process's CPU ms from didChange to the diagnostics (its debounce wait costs none). */
  editCpu: number[];
  /** The same for a one-line edit in the middle of the file. */
  midMs: number[];
  midCpu: number[];
  completeStale: number[];
  completeFresh: number[];
  /** textDocument/onTypeFormatting round trips after a `}`, and at a new line's start. */
  onTypeBrace: number[];
  onTypeNewline: number[];
  /** textDocument/formatting round trips of the same text: the baseline. */
  formatMs: number[];
}

async function main(): Promise<void> {
  const unknown = FILES.filter((f) => f !== 'bench' && !SHAPES.includes(f as ShapeName));
  if (unknown.length) throw new Error(`unknown shape ${unknown.join(', ')}: choose from bench, ${SHAPES.join(', ')} or all`);
  const { dir, hashes } = await benchWorkspace('mlpipe-lsp-bench-');

  // The server as it ships (`npm run bench` builds it first), else from source.
  // `--server PATH`: another build of the server (an older commit's bundle, for a before/after table).
  const bundle = resolve(option('server', join(ROOT, 'dist/server.js')));
  const serverArgs = existsSync(bundle) && !flag('source') ? [bundle] : ['--import', 'tsx', join(ROOT, 'server/lsp/main.ts')];
  // `--profile DIR`: a CPU profile of the server process, written when it exits.
  const profileDir = option('profile');
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profile, ...NODE_FLAGS, ...serverArgs, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const client = await benchClient(child, dir, DEBOUNCE);
  const { rpc } = client;
  const published = (uri: string, version: number) => client.published(uri, version).then(({ at, params }) => ({ at, count: params.diagnostics.length }));

  const rows: Row[] = [];
  for (const name of FILES) {
    const path = join(dir, `${name}.mlpipe`);
    let text = name === 'bench' ? generatePipeline(LINES, hashes) : generateShape(name as ShapeName, LINES);
    writeFileSync(path, text);
    const uri = pathToFileURL(path).href;
    const row: Row = { name, lines: text.split('\n').length, diagnostics: 0, analyzeMs: [], checkMs: [], editMs: [], editCpu: [], midMs: [], midCpu: [], completeStale: [], completeFresh: [], onTypeBrace: [], onTypeNewline: [], formatMs: [] };

    // In-process baselines on the same text.
    const inspector = new DataInspector();
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      analyze(text);
      row.analyzeMs.push(performance.now() - t);
      t = performance.now();
      await checkDocument(path, text, inspector);
      row.checkMs.push(performance.now() - t);
    }

    let version = 1;
    const opened = published(uri, version);
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version, text } });
    row.diagnostics = (await opened).count;

    // Completion after `customers.` (columns), where the file has one.
    const marker = 'one_hot(customers.';
    const complete = async (t: string) => {
      const at = t.lastIndexOf(marker);
      if (at < 0) return undefined;
      const s = performance.now();
      const list = (await rpc.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: TextDocument.create(uri, 'mlpipe', version, t).positionAt(at + marker.length),
        context: { triggerKind: 2, triggerCharacter: '.' },
      })) as { items: unknown[] };
      if (list.items.length === 0) throw new Error('completion returned nothing: the benchmark is not measuring real work');
      return performance.now() - s;
    };
    /**
     * Sends one edit and resolves with its wall time to diagnostics beyond the debounce and the
     * server's CPU meanwhile; `meanwhile` runs right after the edit is sent.
     */
    const timedEdit = async (e: { text: string; start: number; end: number; insert: string }, meanwhile?: () => Promise<void>) => {
      const before = TextDocument.create(uri, 'mlpipe', version, text);
      text = e.text;
      version++;
      const done = published(uri, version);
      const cpu0 = processCpuMs(child.pid!);
      const sent = performance.now();
      await rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: before.positionAt(e.start), end: before.positionAt(e.end) }, text: e.insert }],
      });
      await meanwhile?.();
      const ms = (await done).at - sent - DEBOUNCE;
      const cpu1 = processCpuMs(child.pid!);
      return { ms, cpu: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined };
    };
    for (let i = 0; i < (ONLY === 'middle' ? 0 : EDITS); i++) {
      let stale: number | undefined;
      // A completion right after the edit answers from the previous analysis.
      const t = await timedEdit(editOf(text, i), async () => {
        stale = await complete(text);
      });
      row.editMs.push(t.ms);
      if (t.cpu !== undefined) row.editCpu.push(t.cpu);
      const fresh = await complete(text);
      if (stale !== undefined) row.completeStale.push(stale);
      if (fresh !== undefined) row.completeFresh.push(fresh);
    }
    const middle = middleEditor(text);
    for (let i = 0; i < (ONLY === 'top' ? 0 : EDITS); i++) {
      const t = await timedEdit(middle(text, i));
      row.midMs.push(t.ms);
      if (t.cpu !== undefined) row.midCpu.push(t.cpu);
    }
    // On-type formatting as a client asks it: right after a `}` (each one of the file, at most
    // EDITS), and at the start of a line in the middle (a new line just typed).
    const doc = TextDocument.create(uri, 'mlpipe', version, text);
    const braces = [...text.matchAll(/\}/g)].map((m) => m.index + 1);
    const step = Math.max(1, Math.floor(braces.length / EDITS));
    const onType = async (offset: number, ch: string) => {
      const s = performance.now();
      await rpc.sendRequest('textDocument/onTypeFormatting', { textDocument: { uri }, position: doc.positionAt(offset), ch, options: { tabSize: 2, insertSpaces: true } });
      return performance.now() - s;
    };
    for (let i = 0; i < braces.length && row.onTypeBrace.length < EDITS; i += step) row.onTypeBrace.push(await onType(braces[i]!, '}'));
    const midLine = Math.floor(doc.lineCount / 2);
    for (let i = 0; i < EDITS; i++) row.onTypeNewline.push(await onType(doc.offsetAt({ line: midLine + i, character: 0 }), '\n'));
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await rpc.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      row.formatMs.push(performance.now() - s);
    }
    await rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    rows.push(row);
  }
  const peakRss = peakRssMb(child.pid!);
  await client.close(); // the server writes its profile on the way out
  rmSync(dir, { recursive: true, force: true });

  const cell = (xs: number[]) => (xs.length ? stats(xs).median.toFixed(1) : '—');
  const { load, cores } = loadPerCore();
  const loaded = load / cores > 1;
  console.log(`\nmlpipe language server (${serverArgs.includes(bundle) ? relative(ROOT, bundle) : 'source through tsx'}; node flags: ${NODE_FLAGS.join(' ') || 'none'}), ${EDITS} one-line edits per file, debounce ${DEBOUNCE} ms, median ms (p95) (node ${process.version}; load ${load.toFixed(1)} on ${cores} cores)`);
  console.log(`edit target (≤ 50 ms beyond the debounce) judged on ${loaded ? "the server process's CPU time (the machine is loaded)" : 'wall time'}; the server's CPU counts every thread from didChange to the diagnostics, the stale completion included\n`);
  console.log('edit near the top (a seed): the statements after it are moved; edit in the middle (a feature line): half are kept, half moved\n');
  console.log(
    '| file | lines | diagnostics | analyze() | checkDocument() | edit near top: didChange → diagnostics − debounce, wall | server CPU | ≤ 50 | edit in the middle: wall | server CPU | ≤ 50 | completion after edit (≤ 10) | completion, checked (≤ 10) | on type `}` (≤ 10) | on type new line (≤ 10) | whole-document formatting (baseline) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const e = r.editMs.length ? stats(r.editMs) : undefined;
    const c = r.editCpu.length ? stats(r.editCpu) : undefined;
    const judged = loaded ? c?.median : e?.median;
    const m = r.midMs.length ? stats(r.midMs) : undefined;
    const mc = r.midCpu.length ? stats(r.midCpu) : undefined;
    const midJudged = loaded ? mc?.median : m?.median;
    const verdict = (x: number | undefined) => (x === undefined ? '—' : x <= 50 ? 'pass' : 'MISS');
    const both = (x: { median: number; p95: number } | undefined) => (x ? `${x.median.toFixed(1)} (${x.p95.toFixed(1)})` : '—');
    console.log(
      `| ${r.name} | ${r.lines} | ${r.diagnostics} | ${cell(r.analyzeMs)} | ${cell(r.checkMs)} | ${both(e)} | ${both(c)} | ${verdict(judged)} | ${both(m)} | ${both(mc)} | ${verdict(midJudged)} | ${cell(r.completeStale)} | ${cell(r.completeFresh)} | ${both(r.onTypeBrace.length ? stats(r.onTypeBrace) : undefined)} | ${both(r.onTypeNewline.length ? stats(r.onTypeNewline) : undefined)} | ${cell(r.formatMs)} |`,
    );
  }
  console.log(`\nserver peak RSS over the whole run: ${peakRss === undefined ? 'unavailable (no /proc)' : `${peakRss.toFixed(0)} MB`}`);
}

/** A process's peak resident set (VmHWM) in MB, from Linux's /proc; undefined elsewhere. */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

main()
  .then(() => {
    // First diagnostics of a fresh server (its own script: it spawns servers of its own); `--no-first` skips it.
    if (flag('no-first')) return;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'first.ts')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
