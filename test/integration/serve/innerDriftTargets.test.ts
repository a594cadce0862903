/**
 * Inner drift targets (features a `drift` line names that are not model inputs) were computed at
 * serving as one group, by one `transformRow` over all of them: when any one was missing in a
 * request (a column before its `fill_missing`, an empty window before its fill), the row was
 * refused as a whole and every inner target of that row was logged missing. Sent the training
 * split's own rows, a server then reported `age_f` (a filled column, never missing) missing in 57%
 * of its window and its `wasserstein` 0.116 against the reference of the same rows: a drift alert
 * on unchanged traffic, with missing shares no data had; `mlpipe parity` called it skew. Each
 * inner target is now missing only where it is itself missing, as the batch path and the training
 * reference compute it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import type { RequestRow } from '../../../server/protocol/serving.js';
import { parityOf, post, stagedProject, type Project } from './project.js';

const PIPELINE = `pipeline inner_targets

data t {
  source = "t.csv"
  target = y
  key    = id
  time   = at
}

data h {
  source = "h.csv"
  key    = id
  time   = ts
}

split {
  test  = 0.25
  order = time
}

feature a_raw = t.a
feature a_f   = fill_missing(a_raw, 40)
feature a_z   = standardize(a_f)
feature w_raw = window_mean(h.v, 10d, as_of = t.at)
feature w     = fill_missing(w_raw, 0)
feature kind  = one_hot(t.kind)

model m {
  kind   = logistic
  inputs = [a_z, w, kind]
  epochs = 5
  seed   = 1
}

register m_model {
  from = m
}

serve {
  model = m_model@staging
}

monitor {
  window = 60
  drift a_raw psi > 0.2
  drift a_f   wasserstein > 0.1
  drift w_raw ks > 0.2
  on_drift = alert
}

environment {
  backend       = cpu
  deterministic = true
}
`;

const DAY = 86_400;
const ROWS = 80;
// a missing in every 4th row; a history row within 10 days for every 3rd id only: the two
// inner targets are missing in different rows.
const a = (i: number) => (i % 4 === 1 ? '' : String(20 + ((i * 7) % 50)));
const at = (i: number) => 1_735_689_600 + i * DAY;
const primary = ['id,at,a,kind,y', ...Array.from({ length: ROWS }, (_, i) => `r${i},${at(i)},${a(i)},${'pq'[i % 2]},${(i * 5) % 3 === 0 ? 1 : 0}`)];
const history = ['id,ts,v', ...Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? [`r${i},${at(i) - 2 * DAY},${(i * 13) % 17}`] : [])).flat()];

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': primary.join('\n') + '\n', 'h.csv': history.join('\n') + '\n' });
});
after(() => project?.dispose());

test('each inner drift target is missing at serving only where it is missing itself, as the batch path computes it', { timeout: 120_000 }, async () => {
  // The training split: order = time puts the first 60 rows there.
  const rows: RequestRow[] = primary.slice(1, 61).map((line) => {
    const [id, t, av, kind] = line.split(',');
    const row: RequestRow = { id, at: Number(t), kind };
    if (av !== '') row.a = Number(av);
    return row;
  });
  const serving = await startServing(project.file, { port: 0 });
  let drift;
  try {
    const r = await post(`${serving.url}/predict`, { rows });
    assert.equal(r.status, 200, r.text);
    drift = (await fetch(`${serving.url}/drift`).then((res) => res.json())) as { targets: Array<{ target: string; value: number; drifted: boolean; missing: { window: number; training: number } }> };
  } finally {
    await serving.close();
  }
  const parity = await parityOf(project.file);
  for (const target of ['a_raw', 'a_f', 'w_raw']) {
    assert.deepEqual(parity.targets.find((c) => c.target === target), { target, match: 60, mismatch: 0, serving_only: 0, training_only: 0 });
  }
  // The window is the training split itself: every statistic reads no drift, and the missing
  // shares are the reference's.
  const byTarget = new Map(drift.targets.map((t) => [t.target, t]));
  assert.equal(byTarget.get('a_f')!.value, 0);
  assert.equal(byTarget.get('a_f')!.missing.window, 0);
  assert.equal(byTarget.get('a_raw')!.missing.window, 15 / 60);
  assert.equal(byTarget.get('a_raw')!.missing.window, byTarget.get('a_raw')!.missing.training);
  assert.equal(byTarget.get('w_raw')!.missing.window, byTarget.get('w_raw')!.missing.training);
  assert.ok(drift.targets.every((t) => t.drifted === false), JSON.stringify(drift.targets));
});
