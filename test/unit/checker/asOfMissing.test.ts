/**
 * A window's 'as_of' column with missing cells: 'as_of' takes a column, so 'skew/implicit-missing'
 * is reported at the window, whose fill the quick fix writes ('fill_missing(window_count(…), 0)'),
 * not at the column (wrapping it gave 'as_of = fill_missing(t.ep, 0)', an 'unknown-transform'
 * error). Training reads such a row as an empty window; /predict refuses it. The same holds for
 * the key a window joins on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';

const T = 'id,at,ep,y\n' + Array.from({ length: 20 }, (_, i) => `${i % 5},2025-0${1 + (i % 9)}-10,${i % 4 === 0 ? '' : 1740000000 + i * 3600},${i % 2}`).join('\n') + '\n';
const H = 'id,ts,v\n' + Array.from({ length: 30 }, (_, i) => `${i % 5},${1739900000 + i * 7200},${i}`).join('\n') + '\n';

const pipeline = (feature: string) => `pipeline p

data t {
  source = "t.csv"
  target = y
  key    = id
  time   = at
}

data h {
  source = "h.csv"
  key    = id
  time   = ts
}

split {
  test = 0.25
  seed = 1
  by   = id
}

feature f = ${feature}

model m {
  kind   = logistic
  inputs = [f]
  seed   = 1
}
`;

const implicit = (feature: string) => {
  const text = pipeline(feature);
  return checkText(text, { 't.csv': T, 'h.csv': H })
    .filter((d) => d.code === 'skew/implicit-missing')
    .map((d) => ({ at: text.slice(d.start, d.end), message: d.message, data: d.data }));
};

describe("skew/implicit-missing of a window's 'as_of'", () => {
  it('is reported at the window, with a fill of the window', () => {
    assert.deepEqual(implicit('window_count(h.v, 14d, as_of = t.ep)'), [
      {
        at: 'window_count(h.v, 14d, as_of = t.ep)',
        message:
          "'t.ep' has 5 missing values (25.0% of rows), and 'window_count' reads a row without it as an empty window in training while /predict refuses a request without it: wrap the window in 'fill_missing(…, value)' so training and serving fill it the same way",
        data: { fix: 'fill-missing', value: '0' },
      },
    ]);
  });

  it("the same for the key the window joins on, which the request must carry too", () => {
    const withKeys = T.replace(/^0,/gm, ',');
    const text = pipeline('window_count(h.v, 14d, as_of = t.at)');
    const found = checkText(text, { 't.csv': withKeys, 'h.csv': H }).filter((d) => d.code === 'skew/implicit-missing');
    assert.deepEqual(
      found.map((d) => [text.slice(d.start, d.end), d.message]),
      [
        [
          'window_count(h.v, 14d, as_of = t.at)',
          "'t.id', the key 'window_count' joins on, has 4 missing values (20.0% of rows), and 'window_count' reads a row without it as an empty window in training while /predict refuses a request without it: wrap the window in 'fill_missing(…, value)' so training and serving fill it the same way",
        ],
      ],
    );
  });

  it("the same when the 'as_of' is the table's time", () => {
    const text = pipeline('window_count(h.v, 14d, as_of = t.at)');
    const found = checkText(text, { 't.csv': T.replace(/,2025-01-10,/g, ',,'), 'h.csv': H }).filter((d) => d.code === 'skew/implicit-missing');
    assert.deepEqual(found.map((d) => [text.slice(d.start, d.end), d.message.slice(0, 50)]), [['window_count(h.v, 14d, as_of = t.at)', "'t.at' has 3 missing values (15.0% of rows), and '"]]);
  });

  it('is covered by a fill_missing around the window, and quiet when the column misses nothing', () => {
    assert.deepEqual(implicit('fill_missing(window_count(h.v, 14d, as_of = t.ep), 0)'), []);
    assert.deepEqual(implicit('window_count(h.v, 14d, as_of = t.at)'), []);
  });
});
