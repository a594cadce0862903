// CLI start-up: wall time of `mlpipe --help` and `mlpipe check` on the churn example against
// `node -e 0`, interleaved in one run so all three see the same machine load. Median of N.
// Run: npm run bench -- cli   (or npx tsx bench/cli.ts [--runs N]; needs `npm run build`)
// Targets (issue 10): check <= 2x node -e 0, --help <= 1.5x.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const cli = join(root, 'dist/cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall seconds of one run; fails loudly when the command fails (a fast failure is no figure). */
function timed(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return s;
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

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const at = process.argv.indexOf('--runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 11;
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'], target: undefined },
    { name: 'mlpipe --help', args: [cli, '--help'], target: 1.5 },
    { name: 'mlpipe check examples/churn', args: [cli, 'check', 'examples/churn/churn.mlpipe'], target: 2 },
  ];
  const times = cases.map(() => [] as number[]);
  for (const c of cases) timed(c.args); // warm the file cache once
  for (let k = 0; k < runs; k++) for (const [i, c] of cases.entries()) times[i]!.push(timed(c.args));
  const base = median(times[0]!);
  console.log(`median of ${runs} interleaved runs (wall time)\n`);
  console.log('| command | median s | min s | x node -e 0 | target | met |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [i, c] of cases.entries()) {
    const m = median(times[i]!);
    const ratio = m / base;
    const target = c.target === undefined ? '' : `<= ${c.target}x`;
    const met = c.target === undefined ? '' : ratio <= c.target ? 'yes' : 'no';
    console.log(`| ${c.name} | ${m.toFixed(3)} | ${Math.min(...times[i]!).toFixed(3)} | ${ratio.toFixed(2)} | ${target} | ${met} |`);
  }
  const lsp = [
    { name: 'mlpipe lsp --stdio', args: [cli, 'lsp', '--stdio'] },
    { name: 'dist/server.js --stdio (bare server bundle)', args: [join(root, 'dist/server.js'), '--stdio'] },
  ];
  const ready = lsp.map(() => [] as number[]);
  for (let k = 0; k < Math.min(runs, 7); k++) for (const [i, c] of lsp.entries()) ready[i]!.push(await lspReady(c.args));
  console.log('\n| language server start (spawn to initialize answered) | median s | x node -e 0 |');
  console.log('| --- | ---: | ---: |');
  for (const [i, c] of lsp.entries()) console.log(`| ${c.name} | ${median(ready[i]!).toFixed(3)} | ${(median(ready[i]!) / base).toFixed(2)} |`);
  const kib = (f: string) => (statSync(f).size / 1024).toFixed(0);
  const bundles = readdirSync(join(root, 'dist/cli')).filter((f) => f.endsWith('.js'));
  console.log(`\nbundles (KiB): cli.js ${kib(cli)}; ${bundles.map((f) => `cli/${f} ${kib(join(root, 'dist/cli', f))}`).join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
