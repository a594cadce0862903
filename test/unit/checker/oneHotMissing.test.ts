/**
 * 'skew/implicit-missing' says what training does with a missing cell: 'one_hot' encodes it as
 * the all-zero vector and keeps the row (the run left none out, where the warning said it
 * would), while other reads leave the row out. /predict refuses the request either way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';

const T = 'id,c,h,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 5 === 0 ? '' : 'abc'[i % 3]},${i % 4 === 0 ? '' : 'pq'[i % 2]},${i % 2}`).join('\n') + '\n';

const pipeline = `pipeline p

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature c  = one_hot(t.c)
feature hh = hash_bucket(t.h, 4)

model m {
  kind   = logistic
  inputs = [c, hh]
  seed   = 1
}
`;

describe('skew/implicit-missing in the words of what training does', () => {
  it("one_hot keeps the row as all zeros; hash_bucket's row is left out", () => {
    const found = checkText(pipeline, { 't.csv': T }).filter((d) => d.code === 'skew/implicit-missing');
    assert.deepEqual(
      found.map((d) => [pipeline.slice(d.start, d.end), d.message]),
      [
        [
          't.c',
          "'t.c' has 4 missing values (20.0% of rows), and 'one_hot' reads a row without it as the all-zero vector in training while /predict refuses a request without it: wrap it in 'fill_missing(…, value)' so training and serving fill them the same way",
        ],
        [
          't.h',
          "'t.h' has 5 missing values (25.0% of rows), and the run leaves out the rows where a model input is missing: wrap it in 'fill_missing(…, value)' so training and serving fill them the same way",
        ],
      ],
    );
  });
});
