/**
 * Two pipelines of one project folder that register one name, 'shared' (the registry allows it;
 * the run that shares it says so): 'wide' (p.mlpipe, model 'm' reading fa and fb) registered v1,
 * 'narrow' (narrow.mlpipe, 'm' reading fa only) v2, and its serve block serves
 * `shared@staging`, which holds narrow's v2. The tests of a stage holding another pipeline's
 * version start here.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { stagedProject, type Project, keyedTableAndSplit, rowsCsv } from './project.js';

/** The pipeline `name` with model inputs `inputs`; `drift`, when given, is the feature one monitor line watches. */
export const sharedNamePipeline = (name: string, inputs: string, drift?: string) => `pipeline ${name}

${keyedTableAndSplit()}

feature fa = standardize(t.a)
feature fb = standardize(t.b)

model m {
  kind   = logistic
  inputs = [${inputs}]
  epochs = 5
  seed   = 1
}

register shared {
  from = m
}

serve {
  model = shared@staging
  port  = 0
}
${drift === undefined ? '' : `\nmonitor {\n  drift ${drift} psi > 0.2\n  on_drift = alert\n}\n`}
environment {
  backend       = cpu
  deterministic = true
}
`;

/** 'wide' trained into a folder of its own, then 'narrow' (each watching `drift.wide`/`drift.narrow`, if given): v1 and v2 of 'shared'. */
export async function twoPipelinesOneName(drift?: { wide: string; narrow: string }): Promise<Project> {
  const project = await stagedProject(sharedNamePipeline('wide', 'fa, fb', drift?.wide), { 't.csv': rowsCsv('id,a,b,y', (i) => `${i},${(i % 7) / 7},${(i % 3) / 3},${i % 2}`) });
  const other = join(project.dir, 'narrow.mlpipe');
  writeFileSync(other, sharedNamePipeline('narrow', 'fa', drift?.narrow));
  assert.equal((await runPipeline({ file: other, root: project.dir })).registered?.version, 2);
  return project;
}
