/**
 * A running server measures drift with the monitor block it read at start, while `mlpipe drift`
 * reads the file as it is: after an edit (window 200 to 300, a psi line made ks) the two answered
 * with other windows and statistics over the same log (/drift 200 rows, psi 0.0856; mlpipe drift
 * 300 rows, ks 0.0842), and nothing said why. `mlpipe serve` now says so once per change.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { servingConfig } from '../../../server/backend/serve/config.js';
import { monitorChange, monitorChangeLine } from '../../../server/backend/serve/monitorChange.js';
import { monitorBlockReader } from '../../../server/backend/serve/monitorWatch.js';

const pipeline = (monitor: string): string => `pipeline houses

data houses {
  source = "houses.csv"
  target = price
  key    = house_id
}

feature sqft_z = standardize(houses.sqft)

model m {
  kind   = linear
  inputs = [sqft_z]
}

register house_price {
  from = m
}

serve {
  model = house_price@production
}
${monitor}`;

const MONITOR = `
monitor {
  window = 200
  drift sqft_z psi > 0.25
  on_drift = retrain
}
`;
const config = (text: string) => servingConfig(analyze(text).binding);

describe('an edited monitor block', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is described change by change, and an edit elsewhere is no change', () => {
    const running = config(pipeline(MONITOR)).monitor;
    assert.equal(monitorChange(running, config(pipeline(MONITOR) + '\n# a comment\n').monitor), undefined);
    const edited = config(pipeline(MONITOR.replace('window = 200', 'window = 300').replace('psi > 0.25', 'ks > 0.1').replace('retrain', 'alert'))).monitor;
    assert.equal(monitorChange(running, edited), "window 200, now 300; 'drift sqft_z psi > 0.25' removed; 'drift sqft_z ks > 0.1' added; on_drift retrain, now alert");
    assert.equal(monitorChange(running, config(pipeline('')).monitor), "the monitor block was removed; window 200, now 1000; 'drift sqft_z psi > 0.25' removed; on_drift retrain, now unset");
    assert.match(monitorChangeLine('houses.mlpipe', 'window 200, now 300'), /^houses\.mlpipe: the monitor block changed \(window 200, now 300\): this server measures drift with the block it started with until it restarts; 'mlpipe drift' reads the file as it is now$/);
  });

  it('is reported once per change as the file is read, and not while the edit cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-monitor-watch-'));
    dirs.push(dir);
    const file = join(dir, 'houses.mlpipe');
    writeFileSync(file, pipeline(MONITOR));
    const said: string[] = [];
    // What the watch runs on each stat change of the file, run here after each save: no wait
    // for a poll, whose first stat may come after a save on a loaded machine.
    const read = monitorBlockReader(file, config(pipeline(MONITOR)), (c) => said.push(c));
    const save = async (text: string): Promise<void> => {
      writeFileSync(file, text);
      await read();
    };
    await save(pipeline(MONITOR.replace('window = 200', 'window = 300')));
    assert.deepEqual(said, ['window 200, now 300']);
    // Saved again with only a comment more: the same change, not said twice.
    await save(pipeline(MONITOR.replace('window = 200', 'window = 300')) + '# again\n');
    // A line serving refuses (psi never below 0): half an edit, nothing said.
    await save(pipeline(MONITOR.replace('psi > 0.25', 'psi < -1')));
    assert.deepEqual(said, ['window 200, now 300']);
    await save(pipeline(MONITOR.replace('psi > 0.25', 'js > 0.1')));
    assert.deepEqual(said, ['window 200, now 300', "'drift sqft_z psi > 0.25' removed; 'drift sqft_z js > 0.1' added"]);
  });
});
