import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Wall and CPU time of one load, in a fresh process. */
export interface LoadTime {
  wall: number;
  cpu: number;
  /** For a load through the extension's loader: whether V8's code cache was used. */
  fromCache?: boolean;
}

// Runs in a fresh plain node (no tsx, no source maps), as VS Code's extension host loads an
// extension. 'vscode' is answered by a stub with the real API's top-level names (read from
// @types/vscode), each callable and constructible. Mode 'require' times require(file); mode
// 'loader' times require(file) and then its loadMain(cacheFolder), the work activate() does
// before handing over to the extension, and saves the code cache as activation does after.
const CHILD = `
const Module = require('node:module');
const fs = require('node:fs');
const [mode, file, dts, folder] = process.argv.slice(1);
const names = [...new Set([...fs.readFileSync(dts, 'utf8').matchAll(/^\\texport (?:namespace|class|enum|function|const|let) (\\w+)/gm)].map((x) => x[1]))];
const any = new Proxy(function () {}, { get: (_t, k) => (k === 'then' ? undefined : any), apply: () => any, construct: () => any });
const stub = Object.fromEntries(names.map((n) => [n, any]));
const original = Module._load;
Module._load = (request, ...rest) => (request === 'vscode' ? stub : original(request, ...rest));
const c0 = process.cpuUsage();
const t0 = performance.now();
const m = require(file);
const loaded = mode === 'loader' ? m.loadMain(folder) : undefined;
const wall = performance.now() - t0;
const c = process.cpuUsage(c0);
if (loaded) loaded.save();
process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000, fromCache: loaded?.fromCache }));
`;

const DTS = resolve(__dirname, '../../node_modules/@types/vscode/index.d.ts');
/** Without the bench's own loader hooks (tsx), which an extension host does not have. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));

/** The load of a bundle that imports 'vscode': parsing, compiling and evaluating it. */
export function bundleLoad(file: string): LoadTime {
  return JSON.parse(execFileSync(process.execPath, ['-e', CHILD, 'require', file, DTS], { encoding: 'utf8', env: ENV })) as LoadTime;
}

/** The load activation does through the extension's loader, with its code cache in `cacheFolder`. */
export function loaderLoad(entry: string, cacheFolder: string): LoadTime {
  return JSON.parse(execFileSync(process.execPath, ['-e', CHILD, 'loader', entry, DTS, cacheFolder], { encoding: 'utf8', env: ENV })) as LoadTime;
}
