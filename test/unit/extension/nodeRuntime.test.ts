import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodeCandidates, nodeForAbi, unfit } from '../../../extension/backend/nodeRuntime.js';
import { moduleFailure } from '../../../server/backend/rpc/nativeModules.js';
import type { HelloResult } from '../../../server/protocol/backend.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-node-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeNode(folder: string): string {
  mkdirSync(join(dir, folder), { recursive: true });
  const p = join(dir, folder, 'node');
  writeFileSync(p, '#!/bin/sh\n');
  chmodSync(p, 0o755);
  return p;
}

test('candidates: the setting alone when set, else every node on PATH once, in order', () => {
  const a = fakeNode('a');
  const b = fakeNode('b');
  mkdirSync(join(dir, 'c'));
  symlinkSync(a, join(dir, 'c', 'node'));
  mkdirSync(join(dir, 'empty'));
  const PATH = [join(dir, 'a'), 'relative/bin', join(dir, 'empty'), join(dir, 'c'), join(dir, 'b')].join(':');
  assert.deepEqual(nodeCandidates(undefined, { PATH }), [a, b], 'the link to a is the same Node');
  assert.deepEqual(nodeCandidates(' /opt/node20/bin/node ', { PATH }), ['/opt/node20/bin/node']);
  assert.deepEqual(nodeCandidates('', { PATH: '' }), []);
});

const hello = (over: Partial<HelloResult>): HelloResult => ({ version: 'dev', pid: 1, node: 'v20.20.2', abi: 115, modules: [], features: { serve: false, drift: false }, ...over });

test('unfit says which module was built for which Node', () => {
  assert.equal(unfit(hello({})), undefined);
  const mismatch = moduleFailure(
    'better-sqlite3',
    new Error("The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling"),
  );
  assert.equal(mismatch.builtForAbi, 115);
  assert.ok(!mismatch.error!.includes('\n'));
  assert.equal(unfit(hello({ node: 'v24.22.3', abi: 137, modules: [mismatch] })), "'better-sqlite3' was built for Node 20 (ABI 115), this is Node v24.22.3 (ABI 137)");
  assert.match(unfit(hello({ modules: [moduleFailure('better-sqlite3', new Error("Cannot find module 'better-sqlite3'"))] }))!, /does not load: Cannot find module/);
  assert.match(unfit(hello({ node: 'v18.19.0' }))!, /older than Node 20/);
  assert.equal(nodeForAbi(999), 'a Node with ABI 999');
});
