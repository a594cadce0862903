// Builds the optional native matrix kernel of the wasm training engine
// (server/backend/train/native/c/gemm.c) into dist/native/mlpipe-gemm.node with the system C
// compiler and Node's own Node-API headers. Optional by design: without a compiler, without the
// headers, off x86-64, or with MLPIPE_NO_NATIVE=1, it prints one line and the engine keeps its
// WebAssembly kernel (same results, about half the speed). It never fails the build.
// Usage: node scripts/build-native.mjs   (also run by scripts/build.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Node's headers: next to this node (official builds, nvm), or a distribution's /usr/include/node. */
function nodeHeaders() {
  const candidates = [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((d) => existsSync(join(d, 'node_api.h')));
}

/** Returns what happened, in one line; builds only when the source is newer than the module. */
export function buildNative(root = resolve(here, '..')) {
  const source = join(root, 'server/backend/train/native/c/gemm.c');
  const out = join(root, 'dist/native/mlpipe-gemm.node');
  const skip = (why) => `native kernel: skipped (${why}); training uses the WebAssembly kernel`;
  if (process.env.MLPIPE_NO_NATIVE === '1') {
    // A skipped build must not leave an older module behind for the engine to find.
    rmSync(out, { force: true });
    return skip('MLPIPE_NO_NATIVE=1');
  }
  if (process.arch !== 'x64') return skip(`built for x86-64 only, this is ${process.arch}`);
  const headers = nodeHeaders();
  if (!headers) return skip("no Node-API headers (node_api.h) next to node or in /usr/include/node");
  const compiler = process.env.CC || 'cc';
  const newest = Math.max(statSync(source).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return `native kernel: ${out} is up to date`;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // -ffp-contract=off: the kernel's rounding is the intrinsics' alone; the AVX2/FMA code carries a
  // target attribute, so the module loads on any x86-64 and reports whether this CPU runs it.
  const args = ['-O3', '-shared', '-fPIC', '-ffp-contract=off', '-fvisibility=hidden', '-std=gnu11', `-I${headers}`, source, '-o', tmp];
  const r = spawnSync(compiler, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    // A stale module from older source must not stay behind for the engine to find.
    rmSync(tmp, { force: true });
    rmSync(out, { force: true });
    const why = r.error ? `no C compiler '${compiler}' (${r.error.code ?? r.error.message})` : `'${compiler}' failed: ${(r.stderr || '').trim().split('\n')[0]}`;
    return skip(why);
  }
  renameSync(tmp, out);
  return `native kernel: built ${out} (AVX2 + FMA, used where the CPU has them)`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(buildNative());
