/**
 * First diagnostics of a fresh language server: from spawning it to the first
 * `publishDiagnostics` for the churn example, as a newly opened editor window sees it, split into
 *  - process start: `node -e 0`, measured in the same run;
 *  - module load: spawn to `initialize` answered, less the process start;
 *  - first check: the server's own log of its first check, and within it the data reading
 *    (inspections of both CSVs: sha256 and typing, or the project's data facts cache);
 *  - the rest: the protocol round trips around it.
 * Each server runs with the project's cache (`.mlpipe/cache/`: data facts, stored verdicts) cold
 * (removed before each start) and warm.
 * Target: under 1 s from spawn to diagnostics. Median of N runs, interleaved.
 * Run: npx tsx bench/lsp/first.ts [--runs 5] [--profile DIR] [--server PATH]   (needs `npm run build`)
 * `--profile DIR`: a CPU profile of each server process; `--server PATH`: another build's
 * dist/server.js (an older commit's, for a before/after table) in place of this one's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { FactsCache } from '../../server/backend/data/factsCache.js';
import { median } from '../checker/measure.js';
import { processCpuMs } from './processCpu.js';
import { numberOption, option } from '../argv.js';

const ROOT = resolve(__dirname, '../..');
const TARGET_S = 1;
const RUNS = numberOption('runs', 5);
const PROFILE = option('profile');
const SERVER = resolve(option('server') ?? join(ROOT, 'dist/server.js'));
const DIST = dirname(SERVER);

interface Sample {
  processStart: number;
  ready: number;
  /** The first publish (syntax and rules, before the data is read). */
  first: number;
  diagnostics: number;
  checkMs: number;
  dataMs: number;
  cpu: number;
}

async function once(args: string[], project: string, cold: boolean): Promise<Omit<Sample, 'processStart'>> {
  // Cold: nothing of the project cached (data facts, stored verdicts), as on a first open; warm:
  // what the servers before this one (or 'mlpipe check') stored.
  if (cold) rmSync(dirname(FactsCache.folderUnder(project)), { recursive: true, force: true });
  const file = join(project, 'churn.mlpipe');
  const t0 = performance.now();
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, ...args, '--stdio'], { cwd: project, stdio: ['pipe', 'pipe', 'ignore'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const checkLine = new Promise<string>((resolve) => {
    rpc.onNotification('window/logMessage', (p: { message: string }) => {
      if (/mlpipe: checked churn\.mlpipe/.test(p.message)) resolve(p.message);
    });
  });
  // The first publish of a first check holds the syntax and rule diagnostics only (announced by
  // 'mlpipe/partialDiagnostics'); the complete, data-aware one follows.
  let partialNext = false;
  rpc.onNotification('mlpipe/partialDiagnostics', () => (partialNext = true));
  let firstAt: number | undefined;
  const published = new Promise<{ first: number; complete: number }>((resolve) =>
    rpc.onNotification('textDocument/publishDiagnostics', () => {
      const now = performance.now();
      firstAt ??= now;
      if (partialNext) partialNext = false;
      else resolve({ first: firstAt, complete: now });
    }),
  );
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onRequest('workspace/configuration', () => [null]);
  rpc.listen();
  await rpc.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(project).href, workspaceFolders: null, capabilities: {} });
  const ready = performance.now();
  await rpc.sendNotification('initialized', {});
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).href, languageId: 'mlpipe', version: 1, text: readFileSync(file, 'utf8') } });
  const { first, complete: diagnostics } = await published;
  const line = await checkLine;
  const cpu = processCpuMs(child.pid!) ?? NaN;
  const checkMs = Number(/in (\d+) ms/.exec(line)?.[1] ?? NaN);
  const dataMs = Number(/reading data (\d+) ms/.exec(line)?.[1] ?? NaN);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  await exited;
  rpc.dispose();
  return { ready: ready - t0, first: first - t0, diagnostics: diagnostics - t0, checkMs, dataMs, cpu };
}

async function main(): Promise<void> {
  const project = mkdtempSync(join(tmpdir(), 'mlpipe-first-'));
  // The servers' V8 code caches in a folder of this run's own: the first run of each server
  // starts without one, as a fresh install does, and writes it for the next.
  process.env.MLPIPE_CACHE_DIR = join(project, '.code-cache');
  cpSync(join(ROOT, 'examples/churn'), project, { recursive: true, filter: (src) => !src.endsWith('/.mlpipe') });
  const servers = [
    { name: 'mlpipe lsp --stdio', args: [join(DIST, 'cli.js'), 'lsp'] },
    { name: 'dist/server.js', args: [SERVER] },
  ];
  const rows = servers.flatMap((s) => [true, false].map((cold) => ({ ...s, cold, samples: [] as Sample[] })));
  for (let k = 0; k < RUNS; k++) {
    for (const r of rows) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      const processStart = performance.now() - t;
      r.samples.push({ processStart, ...(await once(r.args, project, r.cold)) });
    }
  }
  const codeCaches = existsSync(join(project, '.code-cache', 'v8')) ? readdirSync(join(project, '.code-cache', 'v8')) : [];
  rmSync(project, { recursive: true, force: true });
  const load = loadavg()[0]!;
  console.log(`\nfirst diagnostics for examples/churn from spawning the server, median of ${RUNS} interleaved runs, ms (node ${process.version}; load ${load.toFixed(1)} on ${availableParallelism()} cores)\n`);
  console.log(`| server | project cache | process start (node -e 0) | module load | spawn → first diagnostics (syntax and rules) | first check (server log) | of which reading data | protocol and the rest | spawn → full diagnostics | server CPU to full diagnostics | full < ${TARGET_S * 1000} ms |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    const m = (f: (s: Sample) => number) => median(r.samples.map(f));
    const start = m((s) => s.processStart);
    const ready = m((s) => s.ready);
    const total = m((s) => s.diagnostics);
    const check = m((s) => s.checkMs);
    const cpu = m((s) => s.cpu);
    const loaded = load / availableParallelism() > 1;
    const judged = loaded && Number.isFinite(cpu) ? cpu : total;
    console.log(
      `| ${r.name} | ${r.cold ? 'cold' : 'warm'} | ${start.toFixed(0)} | ${(ready - start).toFixed(0)} | ${m((s) => s.first).toFixed(0)} | ${check.toFixed(0)} | ${m((s) => s.dataMs).toFixed(0)} | ${m((s) => s.diagnostics - s.ready - s.checkMs).toFixed(0)} | ${total.toFixed(0)} | ${cpu.toFixed(0)} | ${judged < TARGET_S * 1000 ? 'pass' : 'MISS'}${loaded ? ' (CPU: the machine is loaded)' : ''} |`,
    );
  }
  console.log(`\ncode caches written by the servers (the first run of each had none): ${codeCaches.join(', ') || 'none'}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
