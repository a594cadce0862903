/**
 * `auto` asks WebGPU for a hardware adapter before it settles on the CPU. On a machine without
 * a Vulkan loader, Dawn's native code printed "Warning: Couldn't load Vulkan: libvulkan.so.1:
 * cannot open shared object file … at operator() (…/BackendVk.cpp:368)" into every run's output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { cli } from './harness.js';

it("an 'auto' run without a GPU says only what it does: no native warning from the adapter search", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-auto-quiet-'));
  try {
    writeFileSync(join(dir, 'rows.csv'), 'id,x,y\n' + Array.from({ length: 300 }, (_, i) => `${i},${(i * 7) % 31},${i % 2}`).join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), 'pipeline quiet\n\ndata rows {\n  source = "rows.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.2\n  seed = 1\n}\n\nfeature fx = standardize(rows.x)\n\nmodel m {\n  kind   = logistic\n  inputs = [fx]\n  seed   = 3\n}\n');
    const r = cli(['run', join(dir, 'p.mlpipe')], { env: { MLPIPE_HOME: dir } });
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    assert.doesNotMatch(r.stderr, /Vulkan|Warning:|\.cpp:/, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
