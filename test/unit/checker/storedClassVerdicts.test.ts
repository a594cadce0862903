/**
 * What the missing-every-row pass finds about classes (a class whose every training row misses an
 * input: `skew/unseen-category`; every class but one: `invalid-value`, the runner's refusal) is
 * kept with its verdict between processes: the CLI's second check read the verdict back without
 * them, and said neither.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { splitRows, TRAIN } from '../../../server/mlpipe/data/split.js';
import { analyze, type CheckHost } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

// The training rows of class `missing` miss x (the split is the engine's, as the pipeline seeds it).
const { assignment } = splitRows({ rowCount: 60, test: 0.25, seed: 3 });
const csv = (classes: number, missing: number) =>
  'id,x,z,y\n' +
  Array.from({ length: 60 }, (_, i) => `${i},${i % classes === missing && assignment[i] === TRAIN ? '' : (i * 7) % 11},${i % 5},c${i % classes}`).join('\n') +
  '\n';
const text =
  'pipeline p\n\ndata t {\n  source = "t.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.25\n  seed = 3\n}\n\n' +
  'feature f0 = t.x\nfeature f1 = fill_missing(t.z, 0)\n\nmodel m {\n  kind   = logistic\n  task   = classification\n  inputs = [f1, f0]\n  epochs = 1\n  seed   = 1\n}\n';

describe('class verdicts stored between processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-class-verdicts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const messages = (data: string, store?: FactsCache) => {
    const host: CheckHost = { ...memoryHost({ 't.csv': data }), ...(store ? { verdicts: store.verdicts('/work/p.mlpipe') } : {}) };
    return analyze(text, host).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code} ${d.message}`);
  };

  for (const [name, classes, code] of [
    ['a class never learned (skew/unseen-category)', 3, 'skew/unseen-category'],
    ['one class left to learn (invalid-value)', 2, 'invalid-value'],
  ] as const) {
    it(`${name}: a later process reports what a fresh check does`, () => {
      const data = csv(classes, classes - 1);
      const fresh = messages(data);
      assert.ok(fresh.some((m) => m.includes(` ${code} `) && /miss|left out/.test(m)), fresh.join('\n'));
      const store = new FactsCache(join(dir, `facts${n++}`));
      assert.deepEqual(messages(data, store), fresh, 'the process that stores it');
      assert.deepEqual(messages(data, store), fresh, 'a process that reads it back');
    });
  }
});
