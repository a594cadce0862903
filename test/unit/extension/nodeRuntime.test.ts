import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { afterNodePathChange, nodeCandidates, nodeForAbi, unfit } from '../../../extension/backend/nodeRuntime.js';
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

test("setting 'mlpipe.nodePath' as a backend that gave up asked starts it on that Node; a running one says it needs a restart", () => {
  // "no Node fits the backend (...): install the Node it names, or set 'mlpipe.nodePath' to one": the user did.
  assert.deepEqual(afterNodePathChange({ kind: 'stopped', started: true, retrying: false }, '/opt/node20/bin/node'), { do: 'start' });
  const offer = afterNodePathChange({ kind: 'ready', node: '/usr/bin/node', started: true, retrying: false }, '/opt/node20/bin/node');
  assert.equal(offer.do, 'offerRestart');
  assert.match(offer.do === 'offerRestart' ? offer.text : '', /runs on \/usr\/bin\/node until it restarts; 'mlpipe.nodePath' now asks for '\/opt\/node20\/bin\/node'/);
  const cleared = afterNodePathChange({ kind: 'ready', node: '/opt/node20/bin/node', started: true, retrying: false }, '');
  assert.match(cleared.do === 'offerRestart' ? cleared.text : '', /the first 'node' on PATH that fits/);
  assert.equal(afterNodePathChange({ kind: 'starting', started: true, retrying: false }, '/x/node').do, 'offerRestart');
});

test("a change of 'mlpipe.nodePath' that the next start reads anyway, or that names the Node in use, does nothing", () => {
  assert.deepEqual(afterNodePathChange({ kind: 'ready', node: '/opt/node20/bin/node', started: true, retrying: false }, ' /opt/node20/bin/node '), { do: 'nothing' });
  assert.deepEqual(afterNodePathChange({ kind: 'stopped', started: false, retrying: false }, '/x/node'), { do: 'nothing' }, 'not started yet');
  assert.deepEqual(afterNodePathChange({ kind: 'stopped', started: true, retrying: true }, '/x/node'), { do: 'nothing' }, 'a restart after a crash is waiting');
});
