import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

// Serving reads 'defaults' in 'serve' only (served.ts): one anywhere else fills nothing, so no
// rule may judge its entries as serving defaults, and its unknown-block error is the only one.
const CSV = 'id,bp,ward,y\n1,120,A,1\n2,,B,0\n3,130,A,1\n4,110,,0\n';
const head = `pipeline p
data t {
  source = "t.csv"
  target = y
}
split { test = 0.5, seed = 1 }
feature bp = fill_missing(t.bp, 0)
model m {
  kind = logistic
  inputs = [bp]
  seed = 1
`;
const tail = `}
register r { from = m }
serve { model = r@staging }
`;
const lines = (text: string, from: string) => {
  const first = text.split('\n').findIndex((l) => l.includes(from));
  return analyze(text, memoryHost({ 't.csv': CSV })).diagnostics.filter((d) => d.range.start.line >= first && d.severity !== 'warning');
};

describe('a block where the language has none of its kind', () => {
  it("a 'defaults' block inside 'model' is one unknown-block error, which names where it belongs", () => {
    const text = head + '  defaults { bp = 100, ward = "Z", nope = 1 }\n' + tail;
    const got = lines(text, 'defaults {');
    assert.deepEqual(got.map((d) => d.code), ['unknown-block'], JSON.stringify(got));
    assert.match(got[0].message, /'defaults' belongs inside 'serve'/);
  });
  it("a top-level 'defaults' block is one unknown-block error", () => {
    const text = head + tail + 'defaults { bp = 100, nope = 1 }\n';
    const got = lines(text, 'defaults {');
    assert.deepEqual(got.map((d) => d.code), ['unknown-block'], JSON.stringify(got));
  });
  it('an unknown block gets no diagnostics on what it holds', () => {
    const text = head + tail + 'sere {\n  model = rr\n  defaults { bp = 100 }\n}\n';
    const got = lines(text, 'sere {');
    assert.deepEqual(got.map((d) => d.code), ['unknown-block'], JSON.stringify(got));
  });
  it('a nested block of no kind is told to go, not to move out (a top-level one would be unknown too)', () => {
    const other = lines(head + '  extra { seed = 2 }\n' + tail, 'extra {');
    assert.deepEqual(other.map((d) => d.message), ["'model' takes no nested blocks: remove 'extra'"]);
  });
});
