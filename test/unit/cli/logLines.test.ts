import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogLines } from '../../../server/cli/logLines.js';

test('serve says once when its log starts dropping predictions, with the reason, and once when it writes again', () => {
  const lines: string[] = [];
  const log = new LogLines((l) => lines.push(l));
  log.seen(100, 0, null);
  assert.deepEqual(lines, []);
  const why = 'cannot write /p/.mlpipe/predictions.db: no space left on the device (database or disk is full)';
  log.seen(100, 50, why);
  log.seen(100, 80, why);
  assert.deepEqual(lines, [`log  predictions are answered but not logged: ${why}`]);
  // A flush that wrote some and dropped others is still dropping.
  log.seen(110, 90, why);
  assert.equal(lines.length, 1);
  log.seen(130, 90, why);
  assert.deepEqual(lines.slice(1), ['log  writing predictions again (90 not logged)']);
  log.seen(150, 90, why);
  assert.equal(lines.length, 2);
  // A second spell is said again, counted from its own start.
  log.seen(150, 95, why);
  log.seen(160, 95, why);
  assert.deepEqual(lines.slice(2), [`log  predictions are answered but not logged: ${why}`, 'log  writing predictions again (5 not logged)']);
});
