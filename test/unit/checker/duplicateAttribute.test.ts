import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const base = basePipeline();
const dups = async (text: string) => (await checkText(text)).filter((d) => d.code === 'duplicate-definition');

describe('duplicate-definition: an attribute set twice in one block', () => {
  it('reports the second copy in a top-level block, naming the first line', async () => {
    const text = edit(base, '  test = 0.2\n', '  test = 0.2\n  test = 0.5\n');
    const found = await dups(text);
    assert.equal(found.length, 1);
    const line = text.split('\n').findIndex((l) => l === '  test = 0.5');
    assert.equal(found[0].range.start.line, line);
    assert.match(found[0].message, /'test' is already set on line \d+ of this 'split' block/);
    assert.equal(found[0].severity, 'error');
  });

  it('reports a repeated field of serve defaults (a nested block)', async () => {
    const text = edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    plan = "basic"\n    plan = "pro"\n  }\n');
    const found = await dups(text);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'plan' is already set on line \d+ of this 'defaults' block/);
  });

  it('reports each later copy on a one-line block', async () => {
    const text = edit(base, '  seed = 42\n', '  seed = 42, seed = 43, seed = 44\n');
    assert.equal((await dups(text)).length, 2);
  });

  it('is the only diagnostic of the later copy: errors do not cascade into its value', async () => {
    // 'window = 0' set a second time drew both duplicate-definition and invalid-value.
    for (const [from, to] of [
      ['  test = 0.2\n', '  test = 0.2\n  test = 1.5\n'],
      ['  seed   = 7\n', '  seed   = 7\n  seed   = -1\n  colour = red\n  colour = blue\n'],
      ['  model = churn_model@production\n', '  model = churn_model@production\n  model = nope@production\n'],
    ]) {
      const text = edit(base, from, to);
      const all = await checkText(text);
      const later = new Set(to.split('\n').slice(1).filter((l) => l && !l.includes('colour = red')).map((l) => text.split('\n').indexOf(l)));
      const onLater = all.filter((d) => later.has(d.range.start.line));
      assert.deepEqual([...new Set(onLater.map((d) => d.code))], ['duplicate-definition'], JSON.stringify(all.map((d) => [d.code, d.range.start.line, d.message])));
      assert.equal(onLater.length, later.size);
    }
  });

  it('stays quiet on distinct attributes, the same name in different blocks, and repeated require lines', async () => {
    const text = edit(base, 'require auc >= 0.7', 'require auc >= 0.7\n  require accuracy >= 0.6');
    assert.deepEqual(await dups(text), []);
    assert.deepEqual(await dups(base), []);
    assert.ok(/seed/.test(base.split('split {')[1].split('}')[0]) && /seed/.test(base.split('model m {')[1].split('}')[0]), 'the base pipeline sets seed in two blocks');
  });
});

describe("duplicate-definition: a feature named 'prediction'", () => {
  it("reports it: the language's name for the model's output", async () => {
    const text = edit(base, 'feature plan    =', 'feature prediction = standardize(tenure)\nfeature plan    =').replace('[tenure, spend_z, plan]', '[tenure, spend_z, plan, prediction]');
    const found = await dups(text);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'prediction' is the name drift lines and reports give the model's output/);
    assert.equal(found[0].range.start.line, text.split('\n').findIndex((l) => l.startsWith('feature prediction')));
  });

  it('stays quiet on features whose names only contain the word', async () => {
    const text = edit(base, 'feature plan    =', 'feature predictions = standardize(tenure)\nfeature my_prediction = log1p(tenure)\nfeature plan    =');
    assert.deepEqual(await dups(text), []);
  });
});
