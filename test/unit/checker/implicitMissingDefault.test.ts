/**
 * 'skew/implicit-missing' on a column that 'serve { defaults { … } }' fills said "/predict
 * refuses a request without it", but /predict (and mlpipe score) fill the default: training
 * encodes the missing cell as one_hot's all-zero vector while serving encodes the default's
 * category, a skew the user could not see from the words (and which a drift check on the
 * feature then reports on unchanged traffic). The message now says what serving does, and the
 * quick fix fills training with the default's value, so the default then matches training.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { parse } from '../../../server/mlpipe/index.js';
import { checkText, memoryHost } from './fixture.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { serveDefaults } from '../../../server/mlpipe/served.js';

const T = 'id,c,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 5 === 0 ? '' : 'abc'[i % 3]},${i % 2}`).join('\n') + '\n';

const pipeline = (defaults: string) => `pipeline p

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature c = one_hot(t.c)

model m {
  kind   = logistic
  inputs = [c]
  seed   = 1
}

serve {
  model = m
  defaults {
${defaults}
  }
}
`;

describe('skew/implicit-missing on a column a serve default fills', () => {
  it('says serving fills the default, and the fix writes that value', () => {
    const found = checkText(pipeline('    c = "b"'), { 't.csv': T }).filter((d) => d.code === 'skew/implicit-missing');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(
      found[0].message,
      `'t.c' has 4 missing values (20.0% of rows), and 'one_hot' reads a row without it as the all-zero vector in training while serving fills it with "b" (serve defaults): wrap it in 'fill_missing(…, value)' so training and serving fill them the same way`,
    );
    assert.deepEqual(found[0].data, { fix: 'fill-missing', value: '"b"' });
  });

  it('keeps the words for a request without it when no default covers it', () => {
    const found = checkText(pipeline('    id = 0'), { 't.csv': T }).filter((d) => d.code === 'skew/implicit-missing');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /while \/predict refuses a request without it:/);
  });

  it('keeps those words, and the fix its own value, for a default that is a missing value ("NA" fills nothing)', () => {
    const found = checkText(pipeline('    c = "NA"'), { 't.csv': T }).filter((d) => d.code === 'skew/implicit-missing');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /while \/predict refuses a request without it:/);
    // fill_missing(t.c, "NA") would fill training's rows with the text "NA", which a request reads as missing.
    assert.deepEqual(found[0].data, { fix: 'fill-missing', value: '"missing"' });
  });

  it('reads a column given twice in one defaults block as every other reader does: the first, the second reported', () => {
    // Serving took the last copy and the other rules the first: this message said "b" while
    // skew/missing-default-mismatch and the served model's request validation judged "a".
    const all = checkText(pipeline('    c = "a"\n    c = "b"'), { 't.csv': T });
    const found = all.filter((d) => d.code === 'skew/implicit-missing');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /while serving fills it with "a" \(serve defaults\)/);
    assert.deepEqual(found[0].data, { fix: 'fill-missing', value: '"a"' });
    const repeats = all.filter((d) => d.code === 'duplicate-definition');
    assert.deepEqual(repeats.map((d) => d.message), ["'c' is already set on line 25 of this 'defaults' block: remove one of the two"]);
    assert.deepEqual({ ...serveDefaults(analyze(pipeline('    c = "a"\n    c = "b"'), memoryHost({ 't.csv': T })).binding) }, { c: 'a' });
  });

  it('follows an edit of the default in a document checked with a memo', () => {
    const memo = new CheckMemo();
    const host = { ...memoryHost({ 't.csv': T }), memo };
    const words = (text: string) => check(parse(text), host).diagnostics.filter((d) => d.code === 'skew/implicit-missing').map((d) => d.message);
    for (const d of ['    c = "b"', '    c = "a"', '    id = 0', '    c = "b"'])
      assert.deepEqual(words(pipeline(d)), checkText(pipeline(d), { 't.csv': T }).filter((x) => x.code === 'skew/implicit-missing').map((x) => x.message), d);
  });
});
