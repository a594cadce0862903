import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersionNumber } from '../../../server/mlpipe/language/versionNumber.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { parseServedModelRef } from '../../../server/backend/registry/served.js';

test('a version is written 3 or v3', () => {
  assert.equal(parseVersionNumber('3'), 3);
  assert.equal(parseVersionNumber('v12'), 12);
});

// JavaScript's Number read each of these as a version: `promote m 0x10 production` promoted v16.
test('what Number reads as a number is no version: hex, exponents, spaces, fractions, huge digits', () => {
  for (const text of ['0x1', '1e1', ' 1', '1 ', '', 'v', '1.5', '1.0', '-1', '+1', '0', 'V1', '99999999999999999999', 'Infinity', '007', '03']) {
    assert.equal(parseVersionNumber(text), undefined, text);
  }
});

// The checker reads a served version as the registry and the CLI do: digits that round in a
// double (2^53 and beyond) would check clean and then serve another version.
test("the checker refuses a served version the registry could not read, and the registry refuses it too", () => {
  const text = (at: string) => `pipeline p\ndata t {\n  source = "t.csv"\n  target = y\n  key = id\n}\nfeature f = t.x\nmodel m {\n  kind = linear\n  inputs = [f]\n}\nregister m {\n  name = m_model\n}\nserve {\n  model = m_model@${at}\n}\n`;
  const versionProblems = (at: string) => analyze(text(at)).diagnostics.filter((d) => /a version is a positive whole number/.test(d.message)).length;
  assert.equal(versionProblems('99999999999999999999'), 1);
  assert.equal(versionProblems('3'), 0);
  assert.throws(() => parseServedModelRef('m_model@99999999999999999999'), /neither a stage/);
  assert.deepEqual(parseServedModelRef('m_model@3'), { name: 'm_model', at: 3 });
});
