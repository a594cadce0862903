/**
 * Where a middle edit's server time goes over stdio: each shape's file is opened in a fresh
 * server run under `--cpu-prof`, edited N times in the middle (`bench/checker/edits.ts`), and
 * the profile's samples between each didChange and its published diagnostics are sorted by what
 * is on their stack: the re-parse, the check itself (`checkDocument`: bind, rules, data), the
 * conversion to LSP (`publishedDiagnostics`, the position codec), the JSON serialization and the
 * write, reading the change (the message reader, the document update), garbage collection,
 * and the rest. Samples are wall-clock ticks of the server's main thread, so under load they
 * stretch alike: the shares are the figure; the server's CPU per edit (schedstat, every thread)
 * is printed beside them. For readable stacks run it against an unminified build
 * (`MLPIPE_NO_MINIFY=1 npm run build`, then copy `dist/server*.js` aside and pass `--server`).
 *
 * Run: npx tsx bench/lsp/editSplit.ts [--server dist/server.js] [--shape NAME,…|all] [--edits 30] [--lines 5000] [--debounce 150] [--top 8] [--edit top|middle] [--slowest N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { middleEditor, seedEditor } from '../checker/edits.js';
import { loadPerCore, median } from '../checker/measure.js';
import { generateShape, SHAPES, type ShapeName } from '../checker/shapes.js';
import { generatePipeline } from './generate.js';
import { processCpuMs } from './processCpu.js';
import { benchClient } from './client.js';
import { benchWorkspace } from './workspace.js';
import { classifyStack, SPLIT_PARTS, type SplitPart } from './stackParts.js';
import { numberOption, option } from '../argv.js';

const ROOT = resolve(__dirname, '../..');
const LINES = numberOption('lines', 5000);
const EDITS = numberOption('edits', 30);
const DEBOUNCE = numberOption('debounce', 150);
const TOP = numberOption('top', 8);
/** `--edit top`: the split's seed near the file's top (every model's verdict decided again) instead of a middle feature line. */
const EDIT = option('edit', 'middle');
if (EDIT !== 'top' && EDIT !== 'middle') throw new Error(`--edit takes top or middle, not ${EDIT}`);
/** `--slowest N`: the parts of the N edits with the most server CPU, beside the median edit's, to see what a slow edit does. */
const SLOWEST = numberOption('slowest', 0);
const SERVER = resolve(option('server', join(ROOT, 'dist/server.js')));
const shapeArg = option('shape', 'all');
const FILES = shapeArg === 'all' ? ['bench', ...SHAPES] : shapeArg.split(',');

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** µs on the monotonic clock, the one V8's profiles count samples on (Linux: CLOCK_MONOTONIC). */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function runShape(name: string, dir: string, hashes: { customers: string; orders: string }) {
  const profDir = mkdtempSync(join(dir, 'prof-'));
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval', '200', SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const client = await benchClient(child, dir, DEBOUNCE);
  const { rpc } = client;
  const published = (uri: string, version: number) => client.published(uri, version).then((r) => r.params);

  const path = join(dir, `${name}.mlpipe`);
  let text = name === 'bench' ? generatePipeline(LINES, hashes) : generateShape(name as ShapeName, LINES);
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  let version = 1;
  const opened = published(uri, version);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version, text } });
  const count = (await opened).diagnostics.length;
  const edit = EDIT === 'top' ? seedEditor(text) : middleEditor(text);
  const windows: [number, number][] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const before = TextDocument.create(uri, 'mlpipe', version, text);
    const e = edit(text, i);
    text = e.text;
    version++;
    const done = published(uri, version);
    const c0 = processCpuMs(child.pid!) ?? 0;
    const t0 = nowUs();
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: before.positionAt(e.start), end: before.positionAt(e.end) }, text: e.insert }] });
    await done;
    const t1 = nowUs();
    cpu.push((processCpuMs(child.pid!) ?? 0) - c0);
    // The first few edits warm the server's code up: not counted.
    if (i >= 3) {
      windows.push([t0, t1]);
      wall.push((t1 - t0) / 1000 - DEBOUNCE);
    }
  }
  await client.close();
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profDir}`);
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as CpuProfile;
  return { count, wall, cpu: cpu.slice(3), ...split(profile, windows) };
}

/** Sample µs per part inside the windows, per edit, and the functions most often on top in 'other'. */
function split(profile: CpuProfile, windows: [number, number][]) {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, SplitPart>();
  const stackOf = (id: number) => {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at)!.callFrame.functionName);
    return names; // leaf first
  };
  const us = Object.fromEntries(SPLIT_PARTS.map((p) => [p, 0])) as Record<SplitPart, number>;
  const perWindow = windows.map(() => Object.fromEntries(SPLIT_PARTS.map((p) => [p, 0])) as Record<SplitPart, number>);
  const otherTop = new Map<string, number>();
  // The debounce timer's slack: from the debounce's end to the first sample of the check's timer turn.
  const slack: number[] = [];
  let slackOf = -1;
  const inTimer = new Map<number, boolean>();
  let t = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i];
    t += dt;
    while (w < windows.length && t > windows[w][1]) w++;
    if (w >= windows.length) break;
    if (t < windows[w][0]) continue;
    const id = profile.samples[i];
    if (slackOf !== w && t >= windows[w][0] + DEBOUNCE * 1000) {
      let timer = inTimer.get(id);
      if (timer === undefined) inTimer.set(id, (timer = stackOf(id).some((n) => n === 'runCheck' || n === 'listOnTimeout')));
      if (timer) {
        slack.push((t - windows[w][0]) / 1000 - DEBOUNCE);
        slackOf = w;
      }
    }
    let part = partOf.get(id);
    if (part === undefined) partOf.set(id, (part = classifyStack(stackOf(id))));
    // A sample stands for the time since the one before it.
    const next = profile.timeDeltas[i + 1] ?? dt;
    us[part] += next;
    perWindow[w][part] += next;
    if (part === 'other') {
      const leaf = byId.get(id)!.callFrame;
      // The leaf and the outermost frames: an async continuation's root says whose it is.
      const roots = stackOf(id).filter((n) => n && n !== '(root)').slice(-2).reverse().join(' > ');
      const key = `${leaf.functionName || '(anonymous)'} ${leaf.url.split('/').pop()}:${leaf.lineNumber + 1} [${roots}]`;
      otherTop.set(key, (otherTop.get(key) ?? 0) + next);
    }
  }
  const perEdit = Object.fromEntries(SPLIT_PARTS.map((p) => [p, us[p] / 1000 / windows.length])) as Record<SplitPart, number>;
  const top = [...otherTop].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${k} ${(v / 1000 / windows.length).toFixed(2)}`);
  return { perEdit, top, slack: slack.length ? median(slack) : NaN, perWindow };
}

/** The SLOWEST edits by server CPU and the median one, each with its parts. */
function slowestEdits(name: string, cpu: number[], wall: number[], parts: Record<SplitPart, number>[]): string[] {
  const order = cpu.map((_, i) => i).sort((a, b) => cpu[b] - cpu[a]);
  const row = (label: string, i: number) =>
    `${name} ${label} #${i}: CPU ${cpu[i].toFixed(1)}, wall − debounce ${wall[i].toFixed(1)}; ${SPLIT_PARTS.filter((p) => p !== 'idle')
      .map((p) => `${p} ${(parts[i][p] / 1000).toFixed(1)}`)
      .join(', ')}`;
  return [...order.slice(0, SLOWEST).map((i) => row('slow', i)), row('median', order[order.length >> 1])];
}

async function main() {
  const { dir, hashes } = await benchWorkspace('mlpipe-lsp-split-');
  const { load, cores } = loadPerCore();
  console.log(`\n${SERVER}: ${EDIT === 'top' ? 'seed edits near the top' : 'middle edits'} of ${LINES} lines, ${EDITS} each (first 3 not counted), debounce ${DEBOUNCE} ms; ms per edit from the server's profile (main thread samples), load ${load.toFixed(1)} on ${cores} cores`);
  const visible = SPLIT_PARTS.filter((p) => p !== 'idle');
  console.log(`| file | diagnostics | wall − debounce, median | timer slack, median | server CPU median (profiler included) | ${visible.join(' | ')} | server's own share (all but re-parse, check, idle) |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ${visible.map(() => '---:').join(' | ')} | ---: |`);
  const tops: string[] = [];
  const slowest: string[] = [];
  for (const name of FILES) {
    const r = await runShape(name, dir, hashes);
    const own = visible.filter((p) => p !== 'reparse' && p !== 'check').reduce((s, p) => s + r.perEdit[p], 0);
    const busy = visible.reduce((s, p) => s + r.perEdit[p], 0);
    console.log(`| ${name} | ${r.count} | ${median(r.wall).toFixed(1)} | ${r.slack.toFixed(2)} | ${median(r.cpu).toFixed(1)} | ${visible.map((p) => r.perEdit[p].toFixed(2)).join(' | ')} | ${own.toFixed(2)} (${((100 * own) / busy).toFixed(0)}%) |`);
    tops.push(`${name}: ${r.top.join('; ')}`);
    if (SLOWEST > 0) slowest.push(...slowestEdits(name, r.cpu, r.wall, r.perWindow));
  }
  console.log(`\nmost frequent leaves in 'other' (ms per edit):\n${tops.join('\n')}`);
  if (slowest.length) console.log(`\nthe slowest edits by server CPU against the median edit, ms of samples per part (edit index from 0 after the 3 not counted):\n${slowest.join('\n')}`);
  console.log(`load ${loadPerCore().load.toFixed(1)} at the end`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
