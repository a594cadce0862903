import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withOpenPipelines } from '../../../extension/runs/openPipelines.js';

test('a pipeline open outside the workspace (or in a window without a folder) is listed beside the workspace ones, each once, by path', () => {
  assert.deepEqual(withOpenPipelines(['/ws/b.mlpipe', '/ws/a.mlpipe'], ['/elsewhere/x.mlpipe', '/ws/a.mlpipe']), ['/elsewhere/x.mlpipe', '/ws/a.mlpipe', '/ws/b.mlpipe']);
  assert.deepEqual(withOpenPipelines([], ['/tmp/only.mlpipe']), ['/tmp/only.mlpipe']);
});
