import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFirstDiagnostics, firstDiagnostics, type DocumentMarks, type StartupMarks } from '../../../extension/startupTimeline.js';

const startup = (): StartupMarks => ({ activation: { at: 1000, bundleMs: 80, fromCache: false }, activated: 1050, clientBundle: { ms: 40, fromCache: true }, clientStart: 1090, clientReady: 1600 });

describe('the first-diagnostics figure', () => {
  it('is taken only once the complete check arrived', () => {
    const d: DocumentMarks = { opened: 1200, didOpen: 1600, partial: 1650 };
    assert.equal(firstDiagnostics('a.mlpipe', startup(), d), undefined);
    assert.equal(firstDiagnostics('a.mlpipe', { activation: startup().activation }, { ...d, complete: 2000 }), undefined);
  });

  it('splits the wait: activation, server start, the first (partial) and the full check, since activation and since the open', () => {
    const f = firstDiagnostics('a.mlpipe', startup(), { opened: 1200, didOpen: 1600, partial: 1650, complete: 3600 }, 1_000_000)!;
    assert.deepEqual(f, {
      file: 'a.mlpipe',
      activationAt: 1_001_000,
      hostToActivationMs: 1000,
      firstMs: 450,
      completeMs: 2400,
      sinceActivationFirstMs: 650,
      sinceActivationCompleteMs: 2600,
      activationMs: 50,
      bundleMs: 80,
      fromCache: false,
      clientBundleMs: 40,
      clientFromCache: true,
      serverSpawnMs: 90,
      serverStartMs: 510,
      firstCheckMs: 50,
      fullCheckMs: 2000,
    });
    assert.match(describeFirstDiagnostics(f), /^first diagnostics of a\.mlpipe 450 ms after it was opened \(650 ms after activation began, which was 1000 ms after the extension host started\), the full check 2400 ms: activation 50 ms \(bundle load 80 ms, compiled, no code cache yet\), language client bundle 40 ms \(from the code cache\), language server started 90 ms after activation began, ready 510 ms later/);
  });

  it('counts a document opened before activation (the one that activated it) from activation; without a partial publish the first is the complete one', () => {
    const f = firstDiagnostics('a.mlpipe', startup(), { opened: 500, didOpen: 1600, complete: 1900 })!;
    assert.equal(f.firstMs, 900);
    assert.equal(f.completeMs, 900);
    assert.equal(f.firstCheckMs, 300);
  });

  it('counts the server from its process start when the session started it ahead of the client', () => {
    const f = firstDiagnostics('a.mlpipe', { ...startup(), serverSpawn: 1005 }, { opened: 1200, didOpen: 1600, complete: 1900 })!;
    assert.equal(f.serverSpawnMs, 5);
    assert.equal(f.serverStartMs, 595);
  });

  it('reads a client loaded within activation (no client bundle mark) as 0 ms, not from a cache', () => {
    const { clientBundle: _, ...marks } = startup();
    const f = firstDiagnostics('a.mlpipe', marks, { opened: 1200, didOpen: 1600, complete: 1900 })!;
    assert.equal(f.clientBundleMs, 0);
    assert.equal(f.clientFromCache, false);
  });
});
