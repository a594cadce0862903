import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';

// "Did you mean 'seed'?" with its quick fix, in a block that sets 'seed' already, leads to a
// file the checker refuses: the fix writes a second 'seed' (duplicate-definition, an error).
describe("unknown-attribute near an attribute the block already sets", () => {
  const text = 'pipeline p\nmodel m {\n  kind = logistic\n  inputs = [a]\n  seed = 1\n  sed = 2\n}\n';
  it('names the line that sets it and offers no rename to a duplicate', () => {
    const d = analyze(text).diagnostics.find((x) => x.code === 'unknown-attribute');
    assert.ok(d, 'reported');
    assert.equal(d.data, undefined, `a quick fix is offered: ${JSON.stringify(d.data)}`);
    assert.match(d.message, /'seed' is set already, on line 5: remove one of the two/);
    assert.doesNotMatch(d.message, /Did you mean/);
  });
  it('still suggests a name the block does not set', () => {
    const d = analyze(text.replace('  seed = 1\n', '')).diagnostics.find((x) => x.code === 'unknown-attribute');
    assert.deepEqual(d?.data, { fix: 'did-you-mean', name: 'seed' });
  });
});
