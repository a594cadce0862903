/**
 * `mlpipe parity` rebuilt its table from logged requests with `row[column]`, so a request that
 * left out a field named like a property every object inherits ('valueOf', 'toString') replayed
 * that property, a function, as the cell `function valueOf() { [native code] }`: the serve
 * default (or fill_missing) the request was served with never applied, and parity reported skew
 * (`vo: serving 3, batch 2`) where serving and batch agree. Only own fields are read now.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logPredictions, parityOf, rowsCsv, stagedPipeline, stagedProject, withServeDefaults, type Project } from './project.js';

const PIPELINE = withServeDefaults(
  stagedPipeline('inherited_parity', {
    features: `feature vo = hash_bucket(t.valueOf, 4)
feature ts = one_hot(fill_missing(t.toString, "q"))
feature x  = fill_missing(t.x, 0)`,
  }),
  '    valueOf = "p"',
);

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,valueOf,toString,x,y', (i) => `${i},${'pq'[i % 2]},${'pq'[(i >> 1) % 2]},${(i % 5) / 5},${i % 2}`) });
});
after(() => project.dispose());

test("parity replays a request without a field named 'valueOf' or 'toString' with its default, as serving did", { timeout: 60_000 }, async () => {
  await logPredictions(project.file, [{ x: 0.5 }, { x: 0.2, valueOf: 'q', toString: 'p' }]);
  const report = await parityOf(project.file);
  assert.equal(report.rows, 2);
  assert.deepEqual(report.mismatches, []);
  assert.ok(report.ok, JSON.stringify(report.targets));
});
