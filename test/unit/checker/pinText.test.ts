/**
 * 'repro/unpinned-data' and 'repro/data-changed' gave no hash or 19 characters of it
 * ("now sha256:6116e0223d6d…"): the fix is a quick fix in the editor, and a terminal or CI user had
 * to run sha256sum to re-pin. Both messages now carry the line to write, with the whole hash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, CUSTOMERS, edit, hashOf, ORDERS } from './fixture.js';

describe('the version to pin, in the message', () => {
  it('is the whole hash for an unpinned file', () => {
    const text = edit(basePipeline(), `  version = "${hashOf(CUSTOMERS)}"\n`, '');
    const [d] = checkText(text).filter((x) => x.code === 'repro/unpinned-data');
    assert.equal(d.message, `'data customers' has no 'version': pin the file's content hash so every run names the data it used (version = "${hashOf(CUSTOMERS)}")`);
  });

  it('is the whole hash for a changed file', () => {
    const changed = ORDERS + 'O999,C001,2025-06-01T10:00:00Z,12.00\n';
    const [d] = checkText(basePipeline(), { 'customers.csv': CUSTOMERS, 'orders.csv': changed }).filter((x) => x.code === 'repro/data-changed');
    assert.equal(d.message, `'orders.csv' has changed since it was pinned: re-pin the version if the change is intended (version = "${hashOf(changed)}")`);
  });
});
