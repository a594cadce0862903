/**
 * `unmeasurableDriftLines` judges each drift line against the reference's profile of its target.
 * A reference without the target (a line on a feature of another model of the file) has nothing
 * to judge; looked up on the plain object, a target named 'toString' or 'constructor' found the
 * inherited function and its line was reported as a statistic the target cannot take.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unmeasurableDriftLines, type ReferenceFile } from '../../../server/backend/monitor/reference.js';

test("a drift line on 'toString' or 'constructor' that the reference lacks is not judged", () => {
  const reference = JSON.parse('{"version":1,"targets":{}}') as ReferenceFile;
  const lines = [
    { target: 'toString', statistic: 'ks' },
    { target: 'constructor', statistic: 'chi2' },
    { target: 'valueOf', statistic: 'wasserstein' },
  ];
  assert.deepEqual(unmeasurableDriftLines(lines, reference), []);
});
