/**
 * `clip(x, 5000, 9000)`, `bucketize(x, [1000, 2000])` and `min_max(x, min = 5000)` of a column
 * whose every value lies below those literals were clean checks (beside the generic
 * `skew/hard-coded-baseline` of min_max's literal). The clip and the buckets then make the feature
 * one constant on every training row (the model learns nothing from it), and min_max's fit raises
 * 'max' to 'min', so the feature is `x - 5000`, not scaled to [0, 1]: what the literal
 * `clip(x, 3, 3)` / `min_max(x, min = 5, max = 5)` are refused for, decided here from the data
 * (the transform's `degenerateOver`, over the column's range in every row). Reported as
 * `skew/hard-coded-baseline`: literal numbers in a transform that the data does not match.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

// tenure_days holds 30 to 696 (and some missing cells) in the fixture's customers.
const withTenure = (expr: string) => edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = fill_missing(${expr}, 0)`);
const baseline = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'skew/hard-coded-baseline')
    .map((d) => [text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message, d.severity]);

describe('literal bounds the data lies wholly outside (skew/hard-coded-baseline)', () => {
  it('clip whose lo is above every value: a constant, reported at the bounds', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('clip(tenure_days, 5000, 9000)')), [
      [
        '5000, 9000',
        "every value of 'tenure_days' in the data (30 to 696) is at or below 'lo' (5000), so 'clip' makes the feature 5000 on every row: a constant input the model learns nothing from; set 'lo', 'hi' of 'clip' within the data's range (check their units)",
        'warning',
      ],
    ]);
    assert.match(baseline(withTenure('clip(customers.tenure_days, -9, 10)'))[0][1], /at or above 'hi' \(10\), so 'clip' makes the feature 10 on every row/);
  });

  it('clip with a bound inside the data is quiet', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('clip(tenure_days, 100, 9000)')), []);
    assert.deepEqual(baseline(withTenure('clip(tenure_days, 0, 30.5)')), []);
  });

  it('bucketize whose fixed edges leave every value in one bucket: a constant, reported at the edges', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('bucketize(tenure_days, [1000, 2000])')), [
      [
        '[1000, 2000]',
        "every value of 'tenure_days' in the data (30 to 696) is below the first edge (1000), all in one bucket, so the feature is 0 on every row: a constant input the model learns nothing from; set 'edges' of 'bucketize' within the data's range (check their units)",
        'warning',
      ],
    ]);
    assert.match(baseline(withTenure('bucketize(tenure_days, [1, 10])'))[0][1], /at or above the last edge \(10\), all in one bucket, so the feature is 2 on every row/);
    assert.match(baseline(withTenure('bucketize(tenure_days, [1, 1000])'))[0][1], /from 1 up to 1000, all in one bucket, so the feature is 1 on every row/);
  });

  it('bucketize with an edge inside the data, or fitted quantiles, is quiet', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('bucketize(tenure_days, [100, 2000])')), []);
    assert.deepEqual(baseline(withTenure('bucketize(tenure_days, n = 4)')), []);
  });

  it("min_max whose literal min is above every value: the fit has no range, said in the literal's own warning", { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('min_max(tenure_days, min = 5000)')), [
      [
        'min = 5000',
        "'min_max' is given literal 'min': every value of 'tenure_days' in the data (30 to 696) is at or below 'min' (5000), so fitting raises 'max' to 5000: there is no range to scale by, so values are only shifted by 5000, not scaled to [0, 1]; drop it to fit on the training split",
        'warning',
      ],
    ]);
    assert.match(baseline(withTenure('min_max(tenure_days, max = 10)'))[0][1], /at or above 'max' \(10\), so fitting raises 'max' to the fitted 'min'/);
  });

  it('min_max whose literal bound lies within the data keeps the generic message', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('min_max(tenure_days, min = 100)')).map((b) => b[1]), [
      "'min_max' is given literal 'min': it will drift from the data the model learns; drop it to fit on the training split",
    ]);
  });

  it('is quiet for an input that is not a column read directly (its range is not the column\'s)', { timeout: 30_000 }, () => {
    assert.deepEqual(baseline(withTenure('clip(tenure_days * 100, 5000, 9000)')), []);
  });
});
