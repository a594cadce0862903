import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { isTaskDefinition, PROBLEM_MATCHER, TASK_TYPE, taskArgs, taskDefinitionsFor, taskName } from '../../../extension/taskDefinitions.js';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const declared = manifest.contributes.taskDefinitions.find((d: { type: string }) => d.type === TASK_TYPE);
// VS Code validates tasks.json entries against these properties; the same schema checks ours.
const schema = z.fromJSONSchema({ type: 'object', required: declared.required, properties: { ...declared.properties, type: { const: TASK_TYPE } } });
const validate = (def: unknown) => schema.safeParse(def).success;

test('every task the provider offers has the shape package.json declares', () => {
  assert.ok(declared, `no taskDefinition of type '${TASK_TYPE}' in package.json`);
  const defs = taskDefinitionsFor(['a.mlpipe', 'sub/b.mlpipe']);
  assert.deepEqual(defs.map(taskName), ['check all pipelines', 'check a.mlpipe', 'run a.mlpipe', 'check sub/b.mlpipe', 'run sub/b.mlpipe']);
  for (const def of defs) assert.ok(validate(def), JSON.stringify(def));
  assert.deepEqual(taskDefinitionsFor(['only.mlpipe']).map(taskName), ['check only.mlpipe', 'run only.mlpipe']);
  assert.deepEqual(taskDefinitionsFor([]), []);
  assert.deepEqual(taskArgs('/x/dist/cli.js', defs[0]!), ['/x/dist/cli.js', 'check', 'a.mlpipe', 'sub/b.mlpipe']);
});

test('a tasks.json entry is resolved exactly when the declared schema accepts it', () => {
  const entries: Array<Record<string, unknown> & { type: string }> = [
    { type: TASK_TYPE, command: 'check', files: ['a.mlpipe'] },
    { type: TASK_TYPE, command: 'run', files: [] },
    { type: TASK_TYPE, command: 'serve', files: ['a.mlpipe'] },
    { type: TASK_TYPE, command: 'check' },
    { type: TASK_TYPE, command: 'check', files: 'a.mlpipe' },
    { type: TASK_TYPE, command: 'check', files: [3] },
    { type: TASK_TYPE, files: ['a.mlpipe'] },
  ];
  for (const e of entries) assert.equal(isTaskDefinition(e), validate(e), JSON.stringify(e));
});

test("the tasks' problem matcher is the one package.json contributes", () => {
  const names = manifest.contributes.problemMatchers.map((m: { name: string }) => `$${m.name}`);
  assert.ok(names.includes(PROBLEM_MATCHER), `${PROBLEM_MATCHER} not in ${names.join(', ')}`);
});
