/**
 * The fitted state a model is served with is the one its run recorded: the store keeps each
 * artifact's sha256, and weights.bin is checked against model.json, but features.json (means,
 * stds, vocabularies, quantiles) is read as it is now. An edited or bit-rotted value that stays
 * valid JSON changed every prediction of `mlpipe score` (and serving) without a word.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
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

  test('mlpipe score refuses it, naming the file, instead of scoring with the edited statistics', () => {
    const run = cli(['run', 'p.mlpipe'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    const [runId] = readdirSync(join(root, '.mlpipe', 'runs'));
    const file = join(root, '.mlpipe', 'runs', runId!, 'features.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    for (const node of Object.values(state.nodes) as Array<{ mean?: number }>) if (node.mean !== undefined) node.mean += 1;
    writeFileSync(file, JSON.stringify(state, null, 1));
    const r = cli(['score', 'p.mlpipe', '--model', 'em@staging', '--input', 'd.csv', '--output', 'out.csv'], { cwd: root });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /features\.json.*(does not match|changed)/);
  });
});
