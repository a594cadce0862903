/**
 * Starts one of the backend's worker threads wherever the code runs: the bundled entry
 * (dist/NAME.js, beside dist/backend.js or one folder up from the CLI's per-command bundles),
 * or, running from source, the TypeScript entry through tsx's require hook.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** The bundle's file name in dist/ (scripts/build.mjs names it). */
  bundle: string;
  /** The TypeScript entry's absolute path, for a run from source. */
  source: string;
}

export function startWorkerThread(entry: WorkerEntry, options: WorkerOptions): Worker {
  // Inside a bundle every module's __dirname is the bundle's folder.
  const bundled = [join(__dirname, entry.bundle), join(__dirname, '..', entry.bundle)].find((p) => existsSync(p));
  if (bundled) return new Worker(bundled, options);
  // A computed name: esbuild must not try to bundle the development-only tsx. A worker's
  // execArgv loader does not reach its own entry file, so the entry registers tsx first.
  const tsx = require.resolve(['tsx', 'cjs'].join('/'));
  const code = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry.source)});`;
  return new Worker(code, { ...options, eval: true, execArgv: [] });
}
