import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import { ByteLru } from '../../../server/lsp/inspectionCache.js';

/** The server's data cache, bounded by bytes, under a real inspector reading real files. */
describe('ByteLru', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lru-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, rows: number) => {
    const path = join(dir, name);
    writeFileSync(path, 'id,x\n' + Array.from({ length: rows }, (_, i) => `${i},${i * 2}`).join('\n') + '\n');
    return path;
  };

  it('evicts the least recently used inspections once their bytes pass the budget', async () => {
    const [a, b, c] = [file('a.csv', 400), file('b.csv', 400), file('c.csv', 400)];
    const size = statSync(a).size;
    // Room for two of the three files.
    const budget = Math.floor(2.5 * size);
    const lru = new ByteLru(budget);
    const inspector = new DataInspector({ cache: lru });
    const infoA = await inspector.inspect(a);
    await inspector.inspect(b);
    assert.equal(lru.size, 2);
    assert.equal(lru.bytes, 2 * size);
    // Touch a, so b is the least recently used when c arrives.
    assert.equal(await inspector.inspect(a), infoA, 'a hit is the cached inspection');
    await inspector.inspect(c);
    // The entry's size is counted when its inspection settles: wait for that turn.
    await new Promise((r) => setImmediate(r));
    assert.equal(lru.size, 2);
    assert.ok(lru.get(a) && lru.get(c) && !lru.get(b), 'b was evicted');
    assert.equal(lru.bytes, 2 * size);
  });

  it('keeps the newest entry even when it alone is over the budget', async () => {
    const big = file('big.csv', 2000);
    const lru = new ByteLru(100);
    await new DataInspector({ cache: lru }).inspect(big);
    await new Promise((r) => setImmediate(r));
    assert.equal(lru.size, 1);
  });

  it('forgets what is invalidated', async () => {
    const a = file('d.csv', 10);
    const lru = new ByteLru();
    const inspector = new DataInspector({ cache: lru });
    await inspector.inspect(a);
    inspector.invalidate(a);
    assert.equal(lru.size, 0);
    assert.equal(lru.bytes, 0);
  });
});
