import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openRegistry, RegistryError } from '../../../server/backend/registry/registry.js';
import { NoVersionInStage, parseServedModelRef, resolveServedModel } from '../../../server/backend/registry/served.js';
import { openStore, type Store } from '../../../server/backend/tracking/store.js';
import { tempRoot } from '../tracking/tempRoot.js';
import { resolveVersion } from '../../../server/backend/serve/served.js';
import { ServeError } from '../../../server/backend/serve/config.js';

function completedRun(store: Store, auc: number): string {
  const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
  store.finishRun(r.id, { status: 'completed', metrics: { auc } });
  return r.id;
}

describe('parseServedModelRef', () => {
  test('reads the three forms of serve.model', () => {
    assert.deepEqual(parseServedModelRef('churn'), { name: 'churn' });
    assert.deepEqual(parseServedModelRef('churn@staging'), { name: 'churn', at: 'staging' });
    assert.deepEqual(parseServedModelRef('churn@12'), { name: 'churn', at: 12 });
  });

  test('refuses anything else with one line naming the reference', () => {
    for (const bad of ['', '1churn', 'churn@', 'churn@0', 'churn@live', 'a.b', 'churn@1@2']) {
      assert.throws(() => parseServedModelRef(bad), (e: unknown) => e instanceof RegistryError && !e.message.includes('\n') && e.message.includes(`'`));
    }
    assert.throws(() => parseServedModelRef('churn@live'), /'@live' is neither a stage \(staging, production, archived\) nor a version number$/);
  });

  // '--model churn@prod' named the stages but not the one meant; the checker's "did you mean" for
  // '@prod' in a serve block (Suggester.suggestWord) says it for the option too.
  test('a misspelt or abbreviated stage names the reference meant', () => {
    for (const [bad, meant] of [
      ['churn@prod', 'churn@production'],
      ['churn@stagign', 'churn@staging'],
      ['churn@Production', 'churn@production'],
      ['churn@arch', 'churn@archived'],
    ])
      assert.throws(() => parseServedModelRef(bad!), (e: unknown) => e instanceof RegistryError && e.message.endsWith(`nor a version number: did you mean '${meant}'?`), bad);
  });
});

describe('resolveServedModel', () => {
  test('name is production, name@stage the newest in that stage, name@N that version', () => {
    const store = openStore(tempRoot('mlpipe-served-'));
    const registry = openRegistry(store);
    const v1 = registry.register('churn', completedRun(store, 0.8), 'production');
    const v2 = registry.register('churn', completedRun(store, 0.85));
    const v3 = registry.register('churn', completedRun(store, 0.9));
    assert.equal(resolveServedModel(store, 'churn').version, v1.version);
    assert.equal(resolveServedModel(store, 'churn@production').runId, v1.runId);
    assert.equal(resolveServedModel(store, 'churn@staging').version, v3.version);
    assert.equal(resolveServedModel(store, 'churn@2').runId, v2.runId);
    assert.deepEqual(resolveServedModel(store, { name: 'churn', at: 3 }).metrics, { auc: 0.9 });
    store.close();
  });

  test('says what exists when the reference finds nothing', () => {
    const store = openStore(tempRoot('mlpipe-served-'));
    const registry = openRegistry(store);
    registry.register('churn', completedRun(store, 0.8));
    // A bare name is the production version, which a run's default stage (staging) never fills:
    // said so, with the command that promotes the latest.
    assert.throws(
      () => resolveServedModel(store, 'churn'),
      /^RegistryError: 'churn' has no version in production \(latest is version 1, staging; a bare 'churn' serves its production version\): promote it \('mlpipe promote churn 1 production'\), or serve 'churn@1' or 'churn@staging'$/,
    );
    assert.throws(() => resolveServedModel(store, 'churn@7'), /churn has no version 7 \(latest is 1\)/);
    assert.throws(() => resolveServedModel(store, 'churn@archived'), /'churn' has no version in archived \(latest is version 1, staging\): promote it \('mlpipe promote churn 1 archived'\), or serve 'churn@1'/);
    // What the example's own serve block names (`churn_model@production`): the same help as a bare name.
    assert.throws(() => resolveServedModel(store, 'churn@production'), /'churn' has no version in production \(latest is version 1, staging\): promote it \('mlpipe promote churn 1 production'\), or serve 'churn@1' or 'churn@staging'/);
    assert.throws(
      () => resolveServedModel(store, 'churn'),
      (e: unknown) => e instanceof NoVersionInStage && e.model === 'churn' && e.stage === 'production' && e.latest.version === 1 && e.promote === 'mlpipe promote churn 1 production',
    );
    assert.throws(() => resolveServedModel(store, 'ghost'), /unknown model 'ghost'/);
    store.close();
  });
});

describe('resolveVersion: a serving command refused a stage with no version', () => {
  // drift and parity said "promote one, or serve 'r@1'" after the user had served r@staging
  // with --model: the advice names the option those commands take, and the promote command.
  test('names the serve block and --model for a reference the file wrote, --model for one given there', () => {
    const root = tempRoot('mlpipe-served-');
    const store = openStore(root);
    openRegistry(store).register('r', completedRun(store, 0.8));
    store.close();
    assert.throws(
      () => resolveVersion(root, { name: 'r' }),
      (e: unknown) =>
        e instanceof ServeError &&
        e.message ===
          "cannot load 'r': 'r' has no version in production (latest is version 1, staging; a bare 'r' serves its production version): promote it with 'mlpipe promote r 1 production', or name another version: 'model = r@staging' in the serve block, or '--model r@staging'",
    );
    assert.throws(
      () => resolveVersion(root, { name: 'r', at: 'production' }, undefined, true),
      (e: unknown) =>
        e instanceof ServeError &&
        e.message === "cannot load 'r@production': 'r' has no version in production (latest is version 1, staging): promote it with 'mlpipe promote r 1 production', or name another version: '--model r@staging' or '--model r@1'",
    );
  });
});
