/**
 * Verdicts over the engine's split kept between CLI runs (`FactsCache.splitVerdicts`), on real
 * files through `checkFiles`, as `mlpipe check` runs: the second check of an edited pipeline
 * whose data and split did not change reads no cell of the primary table (it only hashes it).
 */
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { basePipeline, customersCsv, edit, ORDERS } from '../checker/fixture.js';

/** Some plans occur on one row only: the test split holds plans training never saw. */
const CUSTOMERS = customersCsv((row, i) => {
  if (i % 7 === 3) row[3] = `p${i}`;
});

describe("'mlpipe check' keeps its verdicts over the split between runs", () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-split-verdicts-'));
    mkdirSync(join(dir, '.mlpipe')); // the project root, where the cache goes
    file = join(dir, 'churn.mlpipe');
    writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'package-lock.json'), '{}');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** One CLI-like run: its messages, and how often the primary table's bytes were read whole. */
  async function run(text: string) {
    writeFileSync(file, text);
    const reads = mock.method(fs, 'readFileSync');
    try {
      const [r] = await checkFiles([file]);
      assert.ok(r.diagnostics, r.unreadable);
      const customerReads = reads.mock.calls.filter((c) => String(c.arguments[0]).endsWith('customers.csv')).length;
      const orderReads = reads.mock.calls.filter((c) => String(c.arguments[0]).endsWith('orders.csv')).length;
      return { messages: r.diagnostics.map((d) => d.message).sort(), customerReads, orderReads };
    } finally {
      reads.mock.restore();
    }
  }

  it('reads the verdicts back, and computes them again when the split changes', async () => {
    const text = edit(basePipeline(CUSTOMERS, ORDERS), 'test = 0.2', 'test = 0.3');
    const first = await run(text);
    assert.ok(first.messages.some((m) => /in the test split never occur/.test(m)), first.messages.join('\n'));
    assert.ok(readdirSync(FactsCache.splitsBeside(FactsCache.folderUnder(dir))).length > 0, 'the verdicts are stored');
    // An edit elsewhere (the stored check no longer answers): the checker runs, but reads no cell.
    const edited = edit(text, 'seed   = 7', 'seed   = 8');
    const second = await run(edited);
    assert.deepEqual(second.messages, first.messages);
    assert.equal(second.customerReads, 0, 'no cell of the primary table is read');
    // Another split: computed again from the cells.
    const third = await run(edit(edited, 'seed = 42', 'seed = 43'));
    assert.ok(third.customerReads > 0);
  });

  it("keeps an unseen category's other spelling of a boolean (the note that score refuses it)", async () => {
    try {
      // 'plan' spelt true/false, one row 'False': the first row that the split puts in test only.
      for (let odd = 1; odd < 60; odd += 4) {
        const customers = customersCsv((row, i) => {
          row[3] = i === odd ? 'False' : i % 2 ? 'true' : 'false';
        });
        writeFileSync(join(dir, 'customers.csv'), customers);
        const text = edit(basePipeline(customers, ORDERS), 'test = 0.2', 'test = 0.25');
        const first = await run(text);
        if (!first.messages.some((m) => /"False" for "false" is another spelling/.test(m))) continue;
        const second = await run(edit(text, 'seed   = 7', 'seed   = 8'));
        assert.deepEqual(second.messages, first.messages);
        assert.equal(second.customerReads, 0, 'the stored verdict answered, its spellings with it');
        return;
      }
      assert.fail("no row spelt 'False' landed in the test split only");
    } finally {
      writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
    }
  });

  it('keeps an empty window\'s verdict too: the next run reads no cell of either table', async () => {
    const text = edit(basePipeline(CUSTOMERS, ORDERS), 'as_of = customers.snapshot_at', 'as_of = customers.support_tickets');
    const first = await run(text);
    assert.ok(first.messages.some((m) => /is empty on every training row/.test(m)), first.messages.join('\n'));
    const second = await run(edit(text, 'seed   = 7', 'seed   = 8'));
    assert.deepEqual(second.messages, first.messages);
    assert.equal(second.customerReads + second.orderReads, 0, 'the stored verdict answered');
  });
});
