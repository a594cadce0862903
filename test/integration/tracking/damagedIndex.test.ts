/**
 * A store whose b-tree is damaged where SQLite does not stumble on it (a scrambled page of the
 * runs table's id index): a join through that index finds no rows and says nothing, so `mlpipe
 * models` listed the model with no versions and exit 0, and `serve` would have found no
 * production version. Every command that opens the store must refuse it, naming the damage, and
 * leave the file as it was (a real SQLite store, the built CLI).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { DB_DIR, DB_FILE } from '../../../server/backend/tracking/database.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from '../../unit/tracking/tempRoot.js';
import { cli } from '../cli/harness.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a store with a damaged index page', () => {
  const root = tempRoot();
  writeFileSync(join(root, 'package.json'), '{"private": true}\n');
  const store = openStore(root);
  const registry = openRegistry(store);
  for (let i = 0; i < 3; i++) {
    const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
    store.finishRun(r.id, { status: 'completed', metrics: { auc: 0.9 } });
    registry.register('churn_model', r.id);
  }
  const pageSize = store.db.pragma('page_size', { simple: true }) as number;
  const page = store.db.prepare<[], { rootpage: number }>(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_runs_1'`).get()!.rootpage;
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const file = join(root, DB_DIR, DB_FILE);
  const bytes = readFileSync(file);
  // The cells sit at the end of the page: scramble them, as a bad sector or a torn copy would.
  for (let i = page * pageSize - 400; i < page * pageSize - 50; i++) bytes[i] = (bytes[i]! * 7 + 0x5a) & 0xff;
  writeFileSync(file, bytes);
  const before = sha(file);

  for (const args of [['models'], ['models', 'churn_model'], ['runs'], ['promote', 'churn_model', '1', 'production']]) {
    test(`mlpipe ${args.join(' ')} refuses it, naming the damage, and leaves it untouched`, () => {
      const r = cli(args, { cwd: root });
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /mlpipe\.db: damaged \(SQLite's check of table 'runs': .*page \d+\): restore it from a backup, .*; the file was left untouched/);
      assert.equal(sha(file), before);
    });
  }
});
