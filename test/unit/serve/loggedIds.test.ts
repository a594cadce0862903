import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { logPath, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { PredictionIds } from '../../../server/backend/serve/predictionIds.js';

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['tenure_z'], categories: [null] };

/** A writer whose prefix is given (a real one's is its start time and random bytes). */
class Prefixed extends PredictionIds {
  constructor(override readonly prefix: string) {
    super();
  }
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('prediction ids in the log', () => {
  it('stores every id as the text the client got: counter ids at each digit count, two writers, ids of other text', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-logids-'));
    dirs.push(root);
    const log = new PredictionLog(root);
    const made: string[] = [];
    // Counters where the base-36 digit count changes, up to 2^53 (11 digits), in groups of 32
    // rows and the shorter statement after them; a second writer's shorter prefix in the same positions.
    const starts = [30, 1290, 36 ** 3 - 20, 36 ** 5 - 3, 36 ** 9 - 2, 2 ** 53 - 70];
    for (const [w, ids] of [new Prefixed('mnb3k2xa1f09c2-'), new Prefixed('q-')].entries()) {
      for (const start of starts) {
        const b = new LogBatchBuilder(SOURCE, 70, undefined, ids);
        ids.counter = start;
        for (let k = 0; k < 70; k++) {
          // Every 7th row an id of other text (not the writer's last), some of it not ASCII.
          const id = k % 7 === 3 ? `given-${w}-${start}-${k}-é✓` : ids.next();
          made.push(id);
          b.codes[b.add(id, 1_700_000_000_000 + k, 100, { customer_id: id }, 0.5)] = k;
        }
        log.pushBatch(b.seal().batch);
        log.flush();
      }
    }
    log.close();
    const db = new Database(logPath(root), { readonly: true });
    try {
      const stored = db.prepare<[], { id: string; t: string }>('SELECT id, typeof(id) AS t FROM logged ORDER BY seq').all();
      assert.deepEqual(stored.map((r) => r.id), made);
      assert.deepEqual(new Set(stored.map((r) => r.t)), new Set(['text']));
    } finally {
      db.close();
    }
  });
});
