/**
 * Two pipelines registering one name: the registry takes it (as MLflow's does), but a copied
 * pipeline then took over the stage the first pipeline's serve block names without a word. The
 * run says which versions of the name came from another pipeline; runs of one pipeline say nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from './tinyProject.js';
import { summary, jsonOfRun } from '../../../server/cli/commands/run.js';
import { RunOutput } from '../../../server/protocol/cli.js';

const pipeline = (name: string) => `pipeline ${name}

${TINY_BLOCKS}
${tinyRegistering({ name: 'shared_model' })}`;

test("a run registering a name that holds another pipeline's versions says so", { timeout: 90_000 }, async () => {
  const dir = tinyProject('mlpipe-shared-name-');
  try {
    writeFileSync(join(dir, 'first.mlpipe'), pipeline('first'));
    writeFileSync(join(dir, 'copy.mlpipe'), pipeline('experiment'));
    const first = await runPipeline({ file: join(dir, 'first.mlpipe'), root: dir });
    assert.equal(first.registered?.version, 1);
    assert.equal(first.sharedName, undefined, 'a new name');
    const again = await runPipeline({ file: join(dir, 'first.mlpipe'), root: dir });
    assert.equal(again.registered?.version, 2);
    assert.equal(again.sharedName, undefined, "the name's versions are this pipeline's");
    const copy = await runPipeline({ file: join(dir, 'copy.mlpipe'), root: dir });
    assert.equal(copy.registered?.version, 3);
    assert.match(copy.sharedName ?? '', /^'shared_model' also holds v1, v2 from pipeline 'first' \(first\.mlpipe\): a serve block naming 'shared_model' by stage serves/);
    assert.match(summary(copy, false), /\n {2}registry {2}'shared_model' also holds v1, v2 from pipeline 'first'/);
    assert.equal(RunOutput.parse(jsonOfRun(copy)).sharedName, copy.sharedName);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
