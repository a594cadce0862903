import { readFileSync } from 'node:fs';
import Module from 'node:module';

/**
 * Time to load a bundle that imports 'vscode', with 'vscode' answered by a stub: the part of
 * activation that the bundle's size decides (parsing and module evaluation). The stub has
 * every name the bundle reads from 'vscode' (found in its text), each callable and constructible.
 */
export function bundleLoadMs(file: string): number {
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = m._load;
  const any: unknown = new Proxy(function () {}, { get: (_t, k) => (k === 'then' ? undefined : any), apply: () => any, construct: () => any as object });
  const names = [...new Set([...readFileSync(file, 'utf8').matchAll(/\.([A-Za-z_]\w*)/g)].map((x) => x[1]))];
  const stub = new Proxy({}, { get: (_t, k) => (k === 'then' || k === '__esModule' ? undefined : any), ownKeys: () => names, getOwnPropertyDescriptor: () => ({ value: any, enumerable: true, configurable: true, writable: true }) });
  m._load = (request, ...rest) => (request === 'vscode' ? stub : original(request, ...rest));
  try {
    const t0 = performance.now();
    require(file);
    return performance.now() - t0;
  } finally {
    m._load = original;
  }
}
