/**
 * A boolean column spelt `true`/`false` with one test row `False` (a file joined from two tools):
 * the run's evaluation encodes that row as an unseen category (all zeros) and reports metrics,
 * while `mlpipe score` of the same file refuses the row ("False" is another spelling of "false",
 * serving's `booleanSpelling`). `skew/unseen-category` said only "they encode as all zeros". It
 * now says that score and /predict refuse it, from the same rule serving applies
 * (`learnedBooleanSpelling` in features/row.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';

const PIPELINE = `pipeline flags
data d {
  source = "d.csv"
  target = y
  key = id
}
split {
  test = 0.2
  seed = 1
}
feature f = one_hot(d.flag)
feature g = d.z
model m {
  kind = logistic
  inputs = [f, g]
  seed = 3
  task = classification
}
`;

/** 200 rows, `flag` true/false, with row `odd` spelt `odd`'s word in another case. */
function csv(odd: number, spelling: string): string {
  const lines = ['id,flag,z,y'];
  for (let i = 0; i < 200; i++) {
    const z = ((i * 37) % 100) / 100;
    lines.push(`${i},${i === odd ? spelling : i % 3 === 0 ? 'true' : 'false'},${z},${z > 0.5 ? 1 : 0}`);
  }
  return lines.join('\n') + '\n';
}

/** The unseen-category message of the first row whose other spelling the split puts in test only. */
function firstUnseen(spelling: string): string {
  for (let odd = 1; odd < 200; odd += 3) {
    const unseen = checkText(PIPELINE, { 'd.csv': csv(odd, spelling) }).filter((d) => d.code === 'skew/unseen-category');
    if (unseen.length) return unseen[0].message;
  }
  assert.fail('no row of the other spelling landed in the test split only');
}

describe('an unseen test category that is another spelling of a training boolean', () => {
  it('says that score and /predict refuse it, where the metrics count it as all zeros', { timeout: 60_000 }, () => {
    assert.equal(
      firstUnseen('False'),
      `1 value of 'flag' in the test split never occurs in training ("False"): they encode as all zeros; "False" for "false" is another spelling of a boolean training holds: the test metrics count that row as all zeros, but 'mlpipe score' and /predict refuse it, asking for the training spelling; write one spelling in the data`,
    );
  });

  it('names a 0 or 1 among true/false as a spelling of the boolean, as score and /predict refuse it', { timeout: 60_000 }, () => {
    assert.match(firstUnseen('1'), /; "1" for "true" is another spelling of a boolean training holds: /);
  });

  it('says nothing of spellings for an unseen category that is not a boolean word', { timeout: 60_000 }, () => {
    assert.equal(firstUnseen('maybe'), `1 value of 'flag' in the test split never occurs in training ("maybe"): they encode as all zeros`);
  });
});
