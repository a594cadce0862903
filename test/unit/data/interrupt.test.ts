/**
 * An interrupted run stops reading its data: a hash or a CSV read aborts between chunks with an
 * AbortError, and the readers that turn errors into messages let it through. Ctrl-C during a
 * long hash or load used to wait for the whole file (a link to /dev/zero: for ever).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { HashCache, sha256File } from '../../../server/backend/data/hash.js';
import { inspectSource } from '../../../server/backend/data/inspect.js';
import { loadTable } from '../../../server/backend/data/load.js';
import { sourceVersion } from '../../../server/backend/data/versions.js';
import { isAbort } from '../../../server/backend/abort.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-interrupt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Several of the hash's 8 MiB chunks and many of the CSV reader's 1 MiB ones.
const csv = join(dir, 'big.csv');
writeFileSync(csv, 'id,x,y\n' + Array.from({ length: 1_500_000 }, (_, i) => `${i},${i % 97},${i % 2}`).join('\n') + '\n');

/** A signal that aborts once the file's first chunk has been read: mid-file, deterministically. */
function abortAfterFirstRead(): AbortController {
  const c = new AbortController();
  setImmediate(() => c.abort());
  return c;
}

describe('reading data for an interrupted run', () => {
  it("a hash stops with an AbortError, and a cache of the run's own forgets it", async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(sha256File(csv, aborted.signal), (e) => isAbort(e));
    const cache = HashCache.interruptible(abortAfterFirstRead().signal);
    await assert.rejects(cache.hash(csv), (e) => isAbort(e));
    // Not cached as a failure: an uninterrupted cache hashes it whole.
    assert.match(await new HashCache().hash(csv), /^sha256:[0-9a-f]{64}$/);
  });

  it('a CSV load stops with an AbortError, not a DataError about the file', async () => {
    const c = abortAfterFirstRead();
    await assert.rejects(loadTable('t', csv, { signal: c.signal }), (e) => isAbort(e) && !/cannot read the file/.test((e as Error).message));
    assert.equal((await loadTable('t', csv)).rowCount, 1_500_000);
  });

  it("the check's reader and the recorded-version reader pass it on instead of calling the file unreadable", async () => {
    const aborted = new AbortController();
    aborted.abort();
    const hashes = HashCache.interruptible(aborted.signal);
    await assert.rejects(inspectSource(csv, { hashCache: hashes }), (e) => isAbort(e));
    await assert.rejects(sourceVersion(hashes, csv, { source: 'big.csv', table: 't' }, 'sha256:00'), (e) => isAbort(e));
  });
});
