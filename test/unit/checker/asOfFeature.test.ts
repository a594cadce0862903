/**
 * A window's 'as_of' that names a feature: the engine reads a bare 'as_of' name as a column of the
 * primary table, never as a feature (`features/compile.ts`, `primaryColumnName`), so the check was
 * clean and the run failed ("feature w: 's' is neither a feature nor a column of p.csv").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';

const P = 'id,snap,tenure,y\n' + Array.from({ length: 12 }, (_, i) => `${i % 4},2025-03-${String(i + 1).padStart(2, '0')},${i},${i % 2}`).join('\n') + '\n';
const H = 'id,at,amount\n' + Array.from({ length: 12 }, (_, i) => `${i % 4},2025-02-${String(i + 1).padStart(2, '0')}T10:00:00Z,${i}`).join('\n') + '\n';

const pipeline = (features: string) => `pipeline t

data p {
  source = "p.csv"
  target = y
  key    = id
  time   = snap
}

data h {
  source = "h.csv"
  key    = id
  time   = at
}

${features}

model m {
  kind   = logistic
  inputs = [w]
  seed   = 1
}
`;

const asOfErrors = (features: string, files: Record<string, string> = { 'p.csv': P, 'h.csv': H }) => {
  const text = pipeline(features);
  return checkText(text, files)
    .filter((d) => d.code === 'unknown-transform')
    .map((d) => ({ code: d.code, at: text.slice(d.start, d.end), message: d.message }));
};

describe("a window's 'as_of' naming a feature", () => {
  it('is an error at the name, since the engine reads only primary columns there', () => {
    assert.deepEqual(asOfErrors('feature s = p.snap\nfeature w = fill_missing(window_sum(h.amount, 30d, as_of = s), 0)'), [
      {
        code: 'unknown-transform',
        at: 's',
        message: "'as_of' takes a column of the primary table, not a feature ('s'): write a column, e.g. 'as_of = p.snap'",
      },
    ]);
  });

  it('stays quiet when the name is also a primary column (the engine reads the column)', () => {
    assert.deepEqual(asOfErrors('feature snap = p.snap\nfeature w = fill_missing(window_sum(h.amount, 30d, as_of = snap), 0)'), []);
  });

  it("stays quiet when the primary table's columns are unknown", () => {
    assert.deepEqual(asOfErrors('feature s = p.tenure\nfeature w = fill_missing(window_sum(h.amount, 30d, as_of = s), 0)', {}), []);
  });
});
