// The baseline of the webview figures: the extension and Experiments webview bundles as they
// were at a given commit (default: the one before issue 9's benchmark fixes), built from
// `git archive` into a temp folder with this repository's node_modules, so both sides are
// measured in the same run on the same machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export const BASELINE_REV = process.env.MLPIPE_BENCH_BASELINE || '0313437';

export interface Baseline {
  rev: string;
  dir: string;
  extension: string;
  experiments: string;
}

export async function buildBaseline(root: string, rev = BASELINE_REV): Promise<Baseline> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-baseline-'));
  const src = join(dir, 'src');
  mkdirSync(src);
  const tar = execFileSync('git', ['archive', rev, 'extension', 'server', 'webviews'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', src], { input: tar });
  const common = { bundle: true, logLevel: 'error' as const, nodePaths: [join(root, 'node_modules')] };
  const extension = join(dir, 'extension.js');
  const experiments = join(dir, 'experiments.js');
  await Promise.all([
    build({ ...common, entryPoints: [join(src, 'extension/main.ts')], outfile: extension, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'better-sqlite3', 'webgpu'] }),
    build({ ...common, entryPoints: [join(src, 'webviews/experiments/main.ts')], outfile: experiments, platform: 'browser', format: 'iife', target: 'es2022' }),
  ]);
  return { rev, dir, extension, experiments };
}
