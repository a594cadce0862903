/**
 * After an on_drift retrain registers v2 in staging, `mlpipe drift` and `parity` (serve block
 * `model = m@staging`) read v2, which has no predictions, while the server started earlier
 * still serves and logs v1: "no predictions logged for this model version yet" with no word of
 * where the predictions are. The note now names the version that has them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { noPredictionsNote } from '../../../server/backend/monitor/monitor.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function logWith(versions: number[]): string {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-other-'));
  dirs.push(root);
  const log = new PredictionLog(root);
  for (const version of versions)
    log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'p', model: 'm', version, inputs: { a: 1 }, features: { x: 1 }, prediction: 0.5, latencyUs: 1 });
  log.close();
  return root;
}

describe('the note for a model version with no logged predictions', () => {
  it('names the newest other version that has some', { timeout: 30_000 }, () => {
    const reader = new LogReader(logWith([1, 1, 3]));
    try {
      assert.equal(noPredictionsNote(reader, 'm', 4), 'no predictions logged for this model version yet; v3 has some (a server started before v4 was registered serves v3 until it restarts)');
      assert.equal(noPredictionsNote(reader, 'm', 3), 'no predictions logged for this model version yet; v1 has some (a server started before v3 was registered serves v1 until it restarts)');
    } finally {
      reader.close();
    }
  });

  it('is the plain note when no version has any', { timeout: 30_000 }, () => {
    const reader = new LogReader(logWith([]));
    try {
      assert.equal(noPredictionsNote(reader, 'm', 2), 'no predictions logged for this model version yet');
    } finally {
      reader.close();
    }
  });
});
