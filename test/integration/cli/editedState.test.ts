/**
 * The fitted state and the model a version is served with are those its run recorded: the store
 * keeps each artifact's sha256, and weights.bin is checked against model.json, but features.json
 * (means, stds, vocabularies, quantiles) and model.json were read as they are now. An edited or
 * bit-rotted value that stays valid JSON changed every prediction of `mlpipe score` (and
 * serving) without a word.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { tempRoot } from '../../unit/tracking/tempRoot.js';
import { cli } from './harness.js';

describe('a run whose features.json was edited after training', () => {
  const root = tempRoot('mlpipe-edited-');
  writeFileSync(join(root, 'package.json'), '{"private": true}\n');
  const rows = ['id,x,y'];
  for (let i = 0; i < 80; i++) rows.push(`${i},${((i * 37) % 80) / 10},${(i * 37) % 80 > 40 ? 1 : 0}`);
  writeFileSync(join(root, 'd.csv'), rows.join('\n') + '\n');
  writeFileSync(
    join(root, 'p.mlpipe'),
    'pipeline e\ndata t {\n  source = "d.csv"\n  target = y\n  key = id\n}\nsplit {\n  test = 0.25\n  seed = 1\n}\n' +
      'feature fx = standardize(x)\nmodel m {\n  kind = logistic\n  inputs = [fx]\n  seed = 3\n}\nregister em {\n  from = m\n}\n',
  );

  let runDir: string;
  before(() => {
    const run = cli(['run', 'p.mlpipe'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    const [runId] = readdirSync(join(root, '.mlpipe', 'runs'));
    runDir = join(root, '.mlpipe', 'runs', runId!);
  });
  const score = () => cli(['score', 'p.mlpipe', '--model', 'em@staging', '--input', 'd.csv', '--output', 'out.csv'], { cwd: root });
  /** Runs `check` with `file` (of the run folder) edited by `edit`, then puts it back. */
  const edited = (file: string, edit: (value: Record<string, unknown>) => void, check: () => void) => {
    const path = join(runDir, file);
    const original = readFileSync(path, 'utf8');
    const value = JSON.parse(original) as Record<string, unknown>;
    edit(value);
    writeFileSync(path, JSON.stringify(value, null, 1));
    try {
      check();
    } finally {
      writeFileSync(path, original);
    }
  };

  test('mlpipe score refuses it, naming the file, instead of scoring with the edited statistics', () => {
    edited(
      'features.json',
      (state) => {
        for (const node of Object.values(state.nodes as object) as Array<{ mean?: number }>) if (node.mean !== undefined) node.mean += 1;
      },
      () => {
        const r = score();
        assert.notEqual(r.code, 0, r.stdout);
        assert.match(r.stderr, /features\.json.*(does not match|changed)/);
      },
    );
  });

  // model.json holds the weights' hash, so weights.bin was checked, but not itself: its
  // architecture (the output head, the layers' activations) was read as it is now. A binary
  // model whose head turned 'identity' scored logits as probabilities, exit 0.
  test("mlpipe score refuses a model.json edited after training (its head), naming it", () => {
    edited(
      'model/model.json',
      (model) => {
        const spec = model.spec as { head: string };
        assert.equal(spec.head, 'sigmoid');
        spec.head = 'identity';
      },
      () => {
        const r = score();
        assert.notEqual(r.code, 0, r.stdout);
        assert.match(r.stderr, /model\.json.*changed since its run recorded it/);
      },
    );
    // Put back, the files score again.
    const r = score();
    assert.equal(r.code, 0, r.stderr);
  });
});
