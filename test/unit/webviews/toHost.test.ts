import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readToHost } from '../../../server/protocol/webviewToHost.js';

test('what the pages send is read as it is', () => {
  for (const [kind, m] of [
    ['mlpipe.experiments', { type: 'compare', runIds: ['r-1', 'r-2'], key: 'loss' }],
    ['mlpipe.experiments', { type: 'ready' }],
    ['mlpipe.run', { type: 'reproduce', runId: 'r-1' }],
    ['mlpipe.drift', { type: 'retrain' }],
    ['mlpipe.readiness', { type: 'fix', item: 'seed' }],
  ] as const)
    assert.deepEqual(readToHost(kind, m), { message: m });
});

test("a message the host cannot read is refused in words, before a missing field reaches the backend as 'Cannot read properties of undefined'", () => {
  // Panels passed { type: 'compare', key } on to 'runs/curves', whose answer the panel showed: "Cannot read properties of undefined (reading 'filter')".
  assert.deepEqual(readToHost('mlpipe.experiments', { type: 'compare', key: 'loss' }), {
    refused: "the panel sent a message 'compare' that the extension cannot read (runIds); close the panel and open it again",
  });
  assert.match((readToHost('mlpipe.run', { type: 'openRun', runId: 7 }) as { refused: string }).refused, /'openRun' .* \(runId\)/);
  assert.match((readToHost('mlpipe.drift', { type: 'deleteEverything' }) as { refused: string }).refused, /'deleteEverything'/);
  for (const raw of [null, undefined, 'ready', 42, []]) assert.match((readToHost('mlpipe.readiness', raw) as { refused: string }).refused, /a message without a type/);
});

test('a ready whose kept state is unreadable still says the page is ready (the host needs no state to answer it)', () => {
  assert.deepEqual(readToHost('mlpipe.drift', { type: 'ready', state: 'http://x' }), { message: { type: 'ready' } });
  assert.deepEqual(readToHost('mlpipe.run', { type: 'ready', state: { folder: '/w', runId: 'r-1' } }), { message: { type: 'ready', state: { folder: '/w', runId: 'r-1' } } });
});
