// CLI start-up: wall time of `mlpipe --help` and `mlpipe check` on the churn example against
// `node -e 0`, interleaved in one run so all three see the same machine load. Median of N.
// Each run's CPU time (user + system of the child, from Linux's accounting of waited-for
// children) is printed next to it; on a loaded machine (load per core over 1) the ratio targets
// are judged on CPU time, which other processes inflate far less than wall time.
// `mlpipe check` runs with its caches warm (the first, warm-up run fills them), as a user's
// second check of an unchanged project does: the stored check answers it. A second row runs the
// checker with the data facts warm (the stored check cleared before each run), as a check after
// an edit of the pipeline does. `--cold` clears the data facts and the stored checks before every run. The V8 code caches of the
// CLI's bundles go to a temporary folder of the bench's own, also filled by the warm-up run.
// `--baseline DIR` adds the same two commands run from another build's dist folder (say, one
// built from the commit before a change), interleaved with the rest, for before/after figures.
// Run: npm run bench -- cli   (or npx tsx bench/cli.ts [--runs N] [--cold] [--baseline DIR]; needs `npm run build`)
// Targets (issue 10): check <= 2x node -e 0, --help <= 1.5x.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FactsCache } from '../server/backend/data/factsCache.js';
import { findProjectRoot } from '../server/backend/pipeline/projectRoot.js';
import { flag, numberOption, option } from './argv.js';

const root = join(__dirname, '..');
const cli = join(root, 'dist/cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU seconds of every child this process has waited for (Linux; undefined elsewhere). */
function childrenCpu(): number | undefined {
  try {
    // Fields after the command name: state is 3rd; cutime and cstime are the 16th and 17th (clock ticks, 100 a second).
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Wall and CPU seconds of one run; fails loudly when the command fails (a fast failure is no figure). */
function timed(args: string[]): { wall: number; cpu: number | undefined } {
  const c = childrenCpu();
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = (performance.now() - t) / 1000;
  const c1 = childrenCpu();
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { wall, cpu: c === undefined || c1 === undefined ? undefined : c1 - c };
}

/** Seconds from spawning a language server to its answer to `initialize`. */
function lspReady(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/"id":1/.test(out)) {
        const s = (performance.now() - t) / 1000;
        child.kill();
        resolve(s);
      }
    });
    child.on('exit', (code) => reject(new Error(`node ${args.join(' ')} exited with ${code} before answering initialize`)));
  });
}

/**
 * The built CLI and server keep V8 code caches in the user's cache folder; the bench gives them a
 * folder of its own, filled by the warm-up run (as a user's second command finds it).
 */
const codeCache = mkdtempSync(join(tmpdir(), 'mlpipe-bench-cli-v8-'));
process.env.MLPIPE_CACHE_DIR = codeCache;

/**
 * Starts the built server once, opens `pipeline` in it and waits for its code cache to appear (at
 * most 30 s): a server writes its cache after its first complete check (server/lsp/main.ts), as
 * the user's first window leaves it for the next.
 */
async function warmServerCache(pipeline: string): Promise<void> {
  const folder = join(codeCache, 'v8');
  const has = () => existsSync(folder) && readdirSync(folder).some((f) => f.startsWith('serverMain-'));
  const child = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { cwd: root, stdio: ['pipe', 'ignore', 'ignore'] });
  const send = (message: object): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: pathToFileURL(dirname(pipeline)).href, capabilities: {} } });
  send({ method: 'initialized', params: {} });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(pipeline).href, languageId: 'mlpipe', version: 1, text: readFileSync(pipeline, 'utf8') } } });
  try {
    const until = Date.now() + 30_000;
    while (!has() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (!has()) console.log('(the language server wrote no code cache within 30 s: its figures are without one)');
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const runs = numberOption('runs', 9);
  const cold = flag('cold');
  const churn = join(root, 'examples/churn/churn.mlpipe');
  const factsFolder = FactsCache.folderUnder(findProjectRoot(join(root, 'examples/churn/data')));
  const storedChecks = FactsCache.checksBeside(factsFolder);
  const forget = () => rmSync(storedChecks, { recursive: true, force: true });
  const clear = cold ? () => (rmSync(factsFolder, { recursive: true, force: true }), forget()) : undefined;
  const checkName = `mlpipe check examples/churn (${cold ? 'cold data facts, no stored check' : 'warm: the stored check'})`;
  const folder = option('baseline');
  const baseline = folder !== undefined ? join(folder, 'cli.js') : undefined;
  if (baseline !== undefined && !existsSync(baseline)) throw new Error(`${baseline} is missing`);
  const cases: { name: string; args: string[]; target: number | undefined; before?: () => void }[] = [
    { name: 'node -e 0', args: ['-e', '0'], target: undefined },
    { name: 'mlpipe --help', args: [cli, '--help'], target: 1.5 },
    { name: checkName, args: [cli, 'check', churn], target: 2, before: clear },
    ...(baseline === undefined
      ? []
      : [
          { name: 'baseline: mlpipe --help', args: [baseline, '--help'], target: undefined },
          // A build from before stored checks runs the checker every time; a later one answers from its own.
          { name: `baseline: mlpipe check examples/churn (${cold ? 'cold' : 'warm'} data facts)`, args: [baseline, 'check', churn], target: undefined, before: clear },
        ]),
    // Last in each round: the stored checks keep one entry a pipeline, which a baseline build's
    // check replaces with its own; this row's check writes this build's back for the next round's
    // warm row (which otherwise ran the checker whenever a baseline was given).
    ...(cold ? [] : [{ name: 'mlpipe check examples/churn (the checker runs: warm data facts, no stored check)', args: [cli, 'check', churn], target: undefined, before: forget }]),
  ];
  const times = cases.map(() => [] as number[]);
  const cpus = cases.map(() => [] as number[]);
  for (const c of cases) timed(c.args); // warm the file cache (and the data facts cache) once
  for (let k = 0; k < runs; k++)
    for (const [i, c] of cases.entries()) {
      c.before?.();
      const t = timed(c.args);
      times[i]!.push(t.wall);
      if (t.cpu !== undefined) cpus[i]!.push(t.cpu);
    }
  const base = median(times[0]!);
  const cpuBase = cpus[0]!.length ? median(cpus[0]!) : undefined;
  const load = loadavg()[0]!;
  const loaded = load / availableParallelism() > 1;
  console.log(`median of ${runs} interleaved runs; load ${load.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`targets judged on ${loaded && cpuBase !== undefined ? 'CPU time (the machine is loaded; ticks of 10 ms)' : 'wall time'}\n`);
  console.log('| command | median wall s | min wall s | wall x node -e 0 | median CPU s | CPU x node -e 0 | target | met |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [i, c] of cases.entries()) {
    const m = median(times[i]!);
    const ratio = m / base;
    const cpu = cpus[i]!.length ? median(cpus[i]!) : undefined;
    const cpuRatio = cpu !== undefined && cpuBase ? cpu / cpuBase : undefined;
    const judged = loaded && cpuRatio !== undefined ? cpuRatio : ratio;
    const target = c.target === undefined ? '' : `<= ${c.target}x`;
    const met = c.target === undefined ? '' : judged <= c.target ? 'pass' : 'MISS';
    console.log(
      `| ${c.name} | ${m.toFixed(3)} | ${Math.min(...times[i]!).toFixed(3)} | ${ratio.toFixed(2)} | ${cpu?.toFixed(2) ?? 'unavailable'} | ${cpuRatio?.toFixed(2) ?? 'unavailable'} | ${target} | ${met} |`,
    );
  }
  const lsp = [
    { name: 'mlpipe lsp --stdio', args: [cli, 'lsp', '--stdio'] },
    { name: 'dist/server.js --stdio (bare server bundle)', args: [join(root, 'dist/server.js'), '--stdio'] },
  ];
  await warmServerCache(churn);
  const ready = lsp.map(() => [] as number[]);
  for (let k = 0; k < Math.min(runs, 7); k++) for (const [i, c] of lsp.entries()) ready[i]!.push(await lspReady(c.args));
  console.log('\n| language server start (spawn to initialize answered) | median s | x node -e 0 |');
  console.log('| --- | ---: | ---: |');
  for (const [i, c] of lsp.entries()) console.log(`| ${c.name} | ${median(ready[i]!).toFixed(3)} | ${(median(ready[i]!) / base).toFixed(2)} |`);
  const kib = (f: string) => (existsSync(f) ? (statSync(f).size / 1024).toFixed(0) : 'absent');
  const bundles = readdirSync(join(root, 'dist/cli')).filter((f) => f.endsWith('.js'));
  console.log(`\nbundles (KiB): cli.js ${kib(cli)}; ${bundles.map((f) => `cli/${f} ${kib(join(root, 'dist/cli', f))}`).join(', ')}`);
  console.log(`language server (KiB): server.js ${kib(join(root, 'dist/server.js'))}, serverMain.js ${kib(join(root, 'dist/serverMain.js'))}, serverData.js ${kib(join(root, 'dist/serverData.js'))}`);
  console.log(`code caches (warm after the first run): ${codeCache}`);
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  })
  .finally(() => rmSync(codeCache, { recursive: true, force: true }));
