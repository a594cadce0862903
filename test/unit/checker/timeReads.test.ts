/**
 * `timeReads` is kept per binding (the language server asks twice per check). Through a chain of
 * random edits re-parsed from the last tree, as the server makes them, the reads of each new
 * binding must be those of a fresh parse of the same text: a binding's kept answer must never be
 * found for another binding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { timeReads, type TimeRead } from '../../../server/mlpipe/language/timeColumns.js';
import { reparse } from '../../../server/mlpipe/syntax/incremental.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { basePipeline } from './fixture.js';
import { replaying } from '../testing/replaySeed.js';
import { envInteger } from '../../support/envInteger.js';

const plain = (reads: readonly TimeRead[]) => reads.map((r) => [r.table.name, r.column, r.at.start, r.at.end, r.why]);

/** Lines whose insertion or removal changes what is read as times. */
const LINES = [
  'feature w1 = window_sum(orders.order_value, 30d, as_of = customers.snapshot_at)\n',
  'feature w2 = window_count(orders.order_value, 7d, as_of = snapshot_at)\n',
  'model extra {\n  kind = mlp\n  inputs = [w1, w2]\n  seed = 3\n}\n',
  'split {\n  order = time\n}\n',
  '# a comment\n',
];

describe('time reads kept per binding', () => {
  it('answers one binding once', () => {
    const binding = bind(parse(basePipeline()));
    assert.ok(timeReads(binding).length > 0);
    assert.equal(timeReads(binding), timeReads(binding));
  });

  it('names each column of a table once, with the first reason to read it', () => {
    // Three windows read the orders' time and the customers' snapshot_at: one read each, the first written.
    const text = basePipeline().replace(/^(feature spend .*)$/m, `$1\n${LINES[0]}${LINES[1]}`).replace('inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, w1, w2]');
    const reads = plain(timeReads(bind(parse(text))));
    assert.deepEqual(
      reads.map(([table, column, , , why]) => [table, column, why]),
      [
        ['orders', 'ordered_at', "'window_mean' looks back through 'orders' by its time"],
        ['customers', 'snapshot_at', "'window_mean' reads 'snapshot_at' as each example's time (as_of)"],
      ],
    );
  });

  it('reads no time for a window whose column and as_of are no column reads (another rule refuses it)', () => {
    // The binder's walk finds no column in either: the used windows are found from its reads,
    // and a window no run can read (the file is refused at the call) gives no time read.
    const text = basePipeline().replace('window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)', 'window_mean(orders.order_value@1, 90d)');
    const binding = bind(parse(text));
    assert.ok(binding.usedFeatures.has('spend'));
    assert.deepEqual(plain(timeReads(binding)), []);
    // The same call with its as_of read: both columns, as before.
    const read = bind(parse(text.replace('order_value@1, 90d)', 'order_value@1, 90d, as_of = snapshot_at)')));
    assert.deepEqual(
      plain(timeReads(read)).map(([table, column]) => [table, column]),
      [
        ['orders', 'ordered_at'],
        ['customers', 'snapshot_at'],
      ],
    );
  });

  it('gives each binding of a chain of random edits what a fresh parse gives', () => {
    const seed = envInteger('MLPIPE_TIME_READS_SEED', 17);
    return replaying('MLPIPE_TIME_READS_SEED', seed, () => {
      const rng = new Mulberry32(seed);
      let text = basePipeline();
      let file = parse(text);
      let changed = 0;
      // 150 edits, and more while the reads have changed too rarely: seeds 2, 7 and 15 (a soak's)
      // changed them 9, 18 and 19 times in 150 and failed the floor on the draw, not the product.
      // The file's own seed stops at 150, as it always did.
      for (let k = 0; k < 150 || (changed <= 20 && k < 1000); k++) {
        const at = text.lastIndexOf('\n', Math.floor(rng.float() * text.length)) + 1;
        const line = LINES[Math.floor(rng.float() * LINES.length)];
        const present = text.indexOf(line);
        // Take a line out where it is, else put it in at a line start.
        const next = present >= 0 && rng.float() < 0.5 ? text.slice(0, present) + text.slice(present + line.length) : text.slice(0, at) + line + text.slice(at);
        const before = plain(timeReads(bind(file)));
        file = reparse(file, next).file;
        text = next;
        const carried = plain(timeReads(bind(file)));
        assert.deepEqual(carried, plain(timeReads(bind(parse(text)))), `edit ${k}: ${JSON.stringify(text)}`);
        if (JSON.stringify(carried) !== JSON.stringify(before)) changed++;
      }
      // The chain changes the reads often, so an answer kept for the wrong binding cannot pass unseen.
      assert.ok(changed > 20, `the reads changed after only ${changed} edits`);
    });
  });
});
