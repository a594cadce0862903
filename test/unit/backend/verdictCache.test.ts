/**
 * The missing-every-row pass's verdicts kept between CLI runs (`FactsCache.verdicts`), on real
 * files in a real project folder through `checkFiles`, as `mlpipe check` runs. A throwaway
 * transform counts the rows it computes, so a test sees whether a verdict was computed or read:
 * an unchanged pipeline and data read it; a changed data byte, a changed feature text and a
 * changed split each compute it afresh (each fails if the key leaves that part out).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { registerTransform } from '../../../server/mlpipe/transforms/index.js';
import { basePipeline, customersCsv, edit, hashOf, ORDERS } from '../checker/fixture.js';
import { belowZeroGap } from '../checker/probeTransform.js';

const probe = belowZeroGap();

const CUSTOMERS = customersCsv();

function pipeline(customers: string): string {
  let text = basePipeline(customers, ORDERS);
  // Unpinned, so changed data is read rather than refused as a stale version.
  text = edit(text, `  version = "${hashOf(customers)}"\n`, '');
  text = edit(text, `  version = "${hashOf(ORDERS)}"\n`, '');
  text = edit(text, 'feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.plan)\nfeature g       = below_zero_gap(tenure)');
  text = edit(text, 'drift spend_z psi', 'drift tenure psi');
  return edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan, g]');
}

describe("'mlpipe check' keeps the missing-every-row verdict between runs", () => {
  let dir: string;
  let file: string;
  let unregister: () => void;
  before(() => {
    unregister = registerTransform(probe.spec);
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-verdicts-'));
    mkdirSync(join(dir, '.mlpipe')); // the project root, where the cache goes
    file = join(dir, 'churn.mlpipe');
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'package-lock.json'), '{}');
  });
  after(() => {
    unregister();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One CLI-like run (a fresh inspector, no in-process cache): its error codes and how many rows the probe computed. */
  async function run(text: string, customers: string) {
    writeFileSync(file, text);
    writeFileSync(join(dir, 'customers.csv'), customers);
    probe.applied = 0;
    const [r] = await checkFiles([file]);
    assert.ok(r.diagnostics, r.unreadable);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    return { errors, computed: probe.applied };
  }

  it('computes a verdict once, reads it on the next run, and computes again when the data, a feature or the split changes', async () => {
    const text = pipeline(CUSTOMERS);
    const first = await run(text, CUSTOMERS);
    assert.deepEqual(first.errors, []);
    assert.ok(first.computed > 0, 'the first run computes the verdict');
    assert.equal(readdirSync(FactsCache.verdictsBeside(FactsCache.folderUnder(dir))).length, 1, 'one verdict file for the one model');

    const again = await run(text, CUSTOMERS);
    assert.deepEqual(again, { errors: [], computed: 0 }, 'an unchanged pipeline and data read the stored verdict');

    // One byte of a column the plan does not even read: the data's hash changed, so the verdict is computed again.
    const oneByte = customersCsv((row, i) => {
      if (i === 0) row[4] = row[4] === '1' ? '2' : '1';
    });
    assert.equal(oneByte.length, CUSTOMERS.length);
    assert.ok((await run(text, oneByte)).computed > 0, 'a changed data byte gives a fresh verdict');
    // And data that does change it: every tenure below zero leaves 'g' missing on every row.
    const negative = customersCsv((row) => {
      row[2] = '-5';
    });
    const refused = await run(pipeline(negative), negative);
    assert.ok(refused.computed > 0);
    assert.equal(refused.errors.length, 1, JSON.stringify(refused.errors));
    assert.match(refused.errors[0], /^'g' is missing on every training row of 'customers\.csv'/);
    assert.deepEqual(await run(pipeline(negative), negative), { ...refused, computed: 0 }, 'the refusal is read back as it was stored');

    // The text of a feature 'g' depends on: the verdict is computed again, and says the run is fine.
    const shifted = edit(pipeline(negative), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = fill_missing(tenure_days, 0) + 10');
    const fixed = await run(shifted, negative);
    assert.ok(fixed.computed > 0, 'a changed feature text gives a fresh verdict');
    assert.deepEqual(fixed.errors, []);

    // One verdict per model is kept: back to the first pipeline and data, it is computed again, then read.
    assert.ok((await run(text, CUSTOMERS)).computed > 0);
    assert.equal((await run(text, CUSTOMERS)).computed, 0);
    // The split: same plan, same data, another test share.
    const split = await run(edit(text, 'test = 0.2', 'test = 0.25'), CUSTOMERS);
    assert.ok(split.computed > 0, 'a changed split gives a fresh verdict');
    assert.deepEqual(split.errors, []);
  });

  it('a model with no input column is read back with the same words', async () => {
    // Every training row (the first eight, by time) misses 'num', so one_hot learns no category.
    const own = mkdtempSync(join(tmpdir(), 'mlpipe-verdicts-nocol-'));
    try {
      mkdirSync(join(own, '.mlpipe'));
      const rows = Array.from({ length: 10 }, (_, i) => `${i},2025-01-${String(i + 1).padStart(2, '0')},${i >= 8 ? i : ''},${i % 2}`);
      writeFileSync(join(own, 'events.csv'), `id,at,num,y\n${rows.join('\n')}\n`);
      const p = join(own, 'p.mlpipe');
      writeFileSync(p, 'pipeline p\n\ndata events {\n  source = "events.csv"\n  target = y\n  time   = at\n}\n\nsplit {\n  test  = 0.2\n  order = time\n}\n\nfeature f0 = one_hot(events.num)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  seed   = 1\n}\n');
      const errors = async () => (await checkFiles([p]))[0]!.diagnostics!.filter((d) => d.severity === 'error').map((d) => d.message);
      const first = await errors();
      assert.equal(first.length, 1, JSON.stringify(first));
      assert.match(first[0]!, /^the model has no input column: its only input 'f0'/);
      assert.equal(readdirSync(FactsCache.verdictsBeside(FactsCache.folderUnder(own))).length, 1, 'the verdict was stored');
      assert.deepEqual(await errors(), first);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
