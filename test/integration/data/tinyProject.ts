import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A 40-row binary table (`data/t.csv`: id, x, y) and a logistic model `a` over it, trained in a
 * second: for tests of what a run does around training (registering, naming what it did).
 */
export const TINY_BLOCKS = `data t {
  source = "data/t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature fx = standardize(t.x)

model a {
  kind   = logistic
  inputs = [fx]
  epochs = 2
  seed   = 1
}
`;

/**
 * The blocks after `TINY_BLOCKS` that make a run register: an accuracy gate, `register NAME` from
 * model `a` (in `stage` when given), and a pinned cpu environment.
 */
export function tinyRegistering(opts: { name?: string; minAccuracy?: number; stage?: 'production' } = {}): string {
  const { name = 'a_model', minAccuracy = 0.01, stage } = opts;
  return `evaluate {
  require accuracy >= ${minAccuracy}
}

register ${name} {
  from = a${stage ? `\n  stage = ${stage}` : ''}
}

environment {
  backend       = cpu
  deterministic = true
}
`;
}

/** A scratch project folder holding `data/t.csv`; the caller removes it. */
export function tinyProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'data'));
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 0.37) % 1},${i % 2}`);
  writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
  return dir;
}
