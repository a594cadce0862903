import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { cli, workspace } from './harness.js';

describe("'mlpipe check' keeps column facts in the project's .mlpipe/cache", () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };
  const folder = FactsCache.folderUnder(ws.home);
  const check = () => cli(['check', '--format', 'json', join(ws.dir, 'churn.mlpipe')], { env });

  it('a second check reads the cache and reports exactly what the first did; a corrupt cache changes nothing', () => {
    const first = check();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readdirSync(folder).length, 2, 'one entry per CSV');
    const second = check();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    for (const f of readdirSync(folder)) writeFileSync(join(folder, f), '{"version":1,"size":');
    const third = check();
    assert.equal(third.stdout, first.stdout);
    assert.equal(third.stderr, '');
  });

  it("a project with only a cache still has no runs: 'serve' says to train first", () => {
    const r = cli(['serve', join(ws.dir, 'churn.mlpipe')], { env });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no runs in .*train the pipeline first/);
  });
});
