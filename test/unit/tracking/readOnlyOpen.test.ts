import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabaseToRead } from '../../../server/backend/tracking/database.js';
import { StoreNotWritableError } from '../../../server/backend/tracking/errors.js';
import { MIGRATIONS } from '../../../server/backend/tracking/migrations.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-readonly-open-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a store read read-only refuses writes and is left as it was', () => {
  const root = join(dir, 'current');
  mkdirSync(root);
  openStore(root).close();
  const { db } = openDatabaseToRead(root, 100);
  try {
    assert.throws(() => db.exec(`UPDATE runs SET notes = 'x'`), (e: { code?: string }) => /^SQLITE_READONLY/.test(e.code ?? ''));
  } finally {
    db.close();
  }
});

// Reading it would need the migration, which writes: said so, not a failing query on a missing column.
test('a store at an older schema is refused read-only, saying that upgrading it writes', () => {
  const root = join(dir, 'old');
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  const file = join(root, '.mlpipe', 'mlpipe.db');
  const old = new Database(file);
  old.exec(MIGRATIONS[0]!.sql);
  old.pragma(`user_version = ${MIGRATIONS[0]!.version}`);
  old.close();
  assert.throws(() => openDatabaseToRead(root, 100), (e: Error) => e instanceof StoreNotWritableError && /written by an older mlpipe \(schema version 1, .*upgrading it writes to it/.test(e.message));
  const again = new Database(file, { readonly: true });
  assert.equal(again.pragma('user_version', { simple: true }), 1, 'the refused read migrated the file');
  again.close();
});
