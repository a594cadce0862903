import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cancelTarget } from '../../../extension/runs/cancelTarget.js';

test("Cancel Run from the palette stops the one training, even with another pipeline's editor active", () => {
  // The user trains a.mlpipe, then looks at b.mlpipe: it answered 'nothing is training'.
  assert.deepEqual(cancelTarget(undefined, '/w/b.mlpipe', ['/w/a.mlpipe']), { file: '/w/a.mlpipe' });
  assert.deepEqual(cancelTarget(undefined, undefined, ['/w/a.mlpipe']), { file: '/w/a.mlpipe' });
});

test("the active editor's training first; with several and none of them in the editor, the user picks", () => {
  assert.deepEqual(cancelTarget(undefined, '/w/b.mlpipe', ['/w/a.mlpipe', '/w/b.mlpipe']), { file: '/w/b.mlpipe' });
  assert.deepEqual(cancelTarget(undefined, '/w/c.mlpipe', ['/w/a.mlpipe', '/w/b.mlpipe']), { pick: ['/w/a.mlpipe', '/w/b.mlpipe'] });
  assert.deepEqual(cancelTarget(undefined, undefined, ['/w/a.mlpipe', '/w/b.mlpipe']), { pick: ['/w/a.mlpipe', '/w/b.mlpipe'] }, 'not silently the first');
});

test('a file given (the lens, the tree) cancels its own training or none; nothing training is said', () => {
  assert.deepEqual(cancelTarget('/w/a.mlpipe', '/w/b.mlpipe', ['/w/a.mlpipe', '/w/b.mlpipe']), { file: '/w/a.mlpipe' });
  assert.deepEqual(cancelTarget('/w/c.mlpipe', undefined, ['/w/a.mlpipe']), { none: '/w/c.mlpipe' });
  assert.deepEqual(cancelTarget(undefined, '/w/b.mlpipe', []), { none: '' });
});
