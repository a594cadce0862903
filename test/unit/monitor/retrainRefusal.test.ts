// A drift retrain the checker refuses: its alert is all the user sees, so it must name the error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Retrainer } from '../../../server/backend/monitor/retrain.js';

test('a retrain refused by the check records the first error, not only how many there are', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-retrain-refused-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{}');
    const items = Array.from({ length: 10 }, (_, i) => `m${i},2025-01-${String(i + 2).padStart(2, '0')}T00:00:00+01:00,${i},${i % 2}`);
    writeFileSync(join(dir, 'items.csv'), `id,at,x,y\n${items.join('\n')}\n`);
    // A history file whose last line was cut short, as a writer appending to it mid-serve leaves it.
    writeFileSync(join(dir, 'events.csv'), 'id,at,v\nm1,2025-01-01T00:00:00Z,3\nm2,2025-01-01T00:00:00Z\n');
    const file = join(dir, 'p.mlpipe');
    writeFileSync(
      file,
      [
        'pipeline p',
        'data items {\n  source = "items.csv"\n  target = y\n  key = id\n  time = at\n}',
        'data events {\n  source = "events.csv"\n  key = id\n  time = at\n}',
        'split {\n  test = 0.3\n  order = time\n}',
        'feature x = items.x',
        'feature v = fill_missing(window_mean(events.v, 7d, as_of = items.at), 0)',
        'model m {\n  kind = logistic\n  inputs = [v, x]\n  seed = 1\n}',
        '',
      ].join('\n'),
    );
    const actions: string[] = [];
    const retrainer = new Retrainer(file, dir, (_id, action) => actions.push(action));
    retrainer.trigger(1, 'v');
    const outcome = await retrainer.last!;
    assert.match(outcome.error ?? '', /has 1 error/);
    assert.match(outcome.error ?? '', /line 9, repro\/unreadable-source: .*events\.csv.*line 3, column \w+: expected 3 fields \(as in the header\), found 2/, outcome.error);
    assert.equal(actions[0], `retrain failed: ${outcome.error}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
