import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../server/mlpipe/checker/check.js';
import type { CheckHost } from '../../../server/mlpipe/checker/host.js';
import type { DataInfo } from '../../../server/mlpipe/data/info.js';
import { heldVerdicts, MAX_VERDICTS } from '../../../server/mlpipe/checker/rules/missingEveryRow.js';
import { parse } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

/**
 * The missing-every-row verdicts kept in memory per data file are bounded: a long session (each
 * split edit decides every model again, under new keys) must not hold every verdict it made.
 */
describe('in-memory missing-every-row verdicts', () => {
  it(`keep at most ${MAX_VERDICTS} per data file, forgetting the oldest, and still answer`, () => {
    // One data object for the whole session, as the server's inspector keeps it.
    const inner = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const held = new Map<string, DataInfo | undefined>();
    const host: CheckHost = { ...inner, data: (source) => held.get(source) ?? (held.set(source, inner.data!(source)), held.get(source)!) };
    const models = Array.from({ length: 300 }, (_, m) => `feature f${m} = log1p(tenure + ${m})\nmodel x${m} {\n  kind   = logistic\n  inputs = [tenure, f${m}]\n  seed   = 1\n}`).join('\n');
    const base = `${basePipeline()}\n${models}\n`;
    let most = 0;
    for (let seed = 0; seed < 16; seed++) {
      const text = edit(base, '  seed = 42', `  seed = ${100 + seed}`);
      const diagnostics = check(parse(text), host).diagnostics;
      assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 'error'), [], 'the pipeline is clean');
      most = Math.max(most, heldVerdicts(host.data!('customers.csv') as object));
    }
    // 16 split seeds x 300 models are 4,800 verdicts: the oldest were forgotten on the way.
    assert.ok(most <= MAX_VERDICTS, `${most} verdicts held`);
    assert.ok(most > MAX_VERDICTS / 2, `only ${most} verdicts were held: the models were not decided`);
  });
});
