// compare_to leaves out the test rows the incumbent trained on: when the data grows, most of a
// retrain's test rows were the incumbent's training rows, which it fits better than new ones.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { splitRows, TEST, TRAIN } from '../../../server/mlpipe/data/split.js';
import { RunOutput } from '../../../server/protocol/cli.js';
import { cli } from './harness.js';

const SEED = 11;
const PIPELINE = `pipeline grow

data t {
  source = "t.csv"
  key    = id
  target = y
}

split {
  test = 0.2
  seed = ${SEED}
}

feature a = standardize(x1)
feature b = standardize(x2)

model m {
  kind   = logistic
  inputs = [a, b]
  epochs = 3
  seed   = 1
}

evaluate {
  require auc >= 0.1
  compare_to = staging
}

register grown {
  from = m
}

environment {
  lockfile      = "package-lock.json"
  backend       = wasm
  deterministic = true
}
`;

/** Rows `from`..`to`-1, each unique, y following x1 with noise. */
function rows(from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const x1 = Math.sin(i * 12.9898) * 3;
    const x2 = Math.cos(i * 78.233) * 2;
    const y = x1 + Math.sin(i * 4.1) * 2 > 0 ? 1 : 0;
    out += `r${i},${x1.toFixed(6)},${x2.toFixed(6)},${y}\n`;
  }
  return out;
}

/** The engine's own split of n rows, as row numbers per side. */
function side(n: number, code: number): number[] {
  const { assignment } = splitRows({ rowCount: n, test: 0.2, seed: SEED });
  return [...assignment.keys()].filter((i) => assignment[i] === code);
}

describe('compare_to and the incumbent\'s training rows', () => {
  let dir: string;
  let env: Record<string, string>;
  const run = () => {
    const r = cli(['run', join(dir, 'grow.mlpipe'), '--json'], { env });
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    return RunOutput.parse(JSON.parse(r.stdout));
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-grow-'));
    env = { MLPIPE_HOME: dir };
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    writeFileSync(join(dir, 'grow.mlpipe'), PIPELINE);
    writeFileSync(join(dir, 't.csv'), 'id,x1,x2,y\n' + rows(0, 600));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('on the same data nothing is left out: the incumbent never trained on this split\'s test rows', () => {
    const first = run();
    assert.equal(first.registered?.version, 1);
    const again = run();
    const [c] = again.gates.comparisons;
    assert.equal(c.version, 1);
    assert.equal(c.basis, 'test-rows');
    assert.equal(c.rows, again.rows.test);
    assert.equal(c.trainedOn, undefined);
  });

  it('after rows are appended, the test rows v1 trained on are left out of both sides, and said', () => {
    appendFileSync(join(dir, 't.csv'), rows(600, 700));
    // Rows keep their numbers when the file grows: v1 trained on side(600, TRAIN).
    const trainedByV1 = new Set(side(600, TRAIN));
    const test = side(700, TEST);
    const overlap = test.filter((r) => trainedByV1.has(r)).length;
    assert.ok(overlap > 0.5 * test.length, `the split moves most rows: ${overlap} of ${test.length}`);
    const grown = run();
    assert.equal(grown.rows.test, test.length);
    for (const c of grown.gates.comparisons) {
      assert.equal(c.basis, 'test-rows');
      assert.equal(c.trainedOn, overlap, JSON.stringify(c));
      assert.equal(c.rows, test.length - overlap);
    }
    const text = cli(['runs', join(dir, 'grow.mlpipe')], { env });
    assert.equal(text.code, 0, text.stderr);
  });

  it('the terminal says how many rows were left out', () => {
    appendFileSync(join(dir, 't.csv'), rows(700, 720));
    const r = cli(['run', join(dir, 'grow.mlpipe')], { env });
    assert.match(r.stdout, /compare {3}auc vs staging v\d+ on this run's \d+ test rows \(\d+ it trained on left out\): 0\.\d{4} vs 0\.\d{4}/);
  });
});
