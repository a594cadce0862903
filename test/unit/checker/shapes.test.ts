import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SNAPSHOT_PATH, snapshot, type Fingerprint } from '../../../bench/checker/snapshot.js';

// The fingerprints were recorded (bench/checker/snapshot.ts --write) before the checker's
// performance work: a faster algorithm must report exactly the same diagnostics.
describe('checker output on the benchmark shapes', () => {
  it('matches the recorded diagnostics per code and range', () => {
    const recorded = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')) as Record<string, Fingerprint>;
    const now = snapshot();
    assert.deepEqual(Object.keys(now).sort(), Object.keys(recorded).sort());
    for (const key of Object.keys(recorded)) {
      assert.deepEqual(now[key].counts, recorded[key].counts, `${key}: counts per code`);
      assert.equal(now[key].sha256, recorded[key].sha256, `${key}: codes and ranges`);
    }
  });
});
