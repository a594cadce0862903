/**
 * The whole promise on shapes the generated cases do not reach: a checker-clean pipeline runs,
 * and `mlpipe score` and `POST /predict` give the same predictions bit for bit on the same rows.
 * Each case is trained in-process on the cpu backend, scored through the CLI's own command and
 * served on a free port with logging off.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { runPipeline } from '../../server/backend/pipeline/run.js';
import { startServing } from '../../server/backend/serve/server.js';
import { scoreCommand } from '../../server/cli/commands/score.js';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import type { Prediction, RequestRow } from '../../server/protocol/serving.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Case {
  pipeline: string;
  files: Record<string, string>;
  /** Rows to score, as CSV; the same rows go to /predict with every cell as its text. */
  score: string;
}

interface Outcome {
  header: string[];
  rows: string[][];
  served: Prediction[];
}

/** Check (clean), run (registers), score and /predict on one case. */
async function endToEnd(c: Case): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-e2e-agree-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
  const file = join(dir, 'p.mlpipe');
  writeFileSync(file, c.pipeline);
  writeFileSync(join(dir, 'new.csv'), c.score);
  const checked = await checkDocument(file, c.pipeline, new DataInspector());
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), [], 'the check is clean');
  const run = await runPipeline({ file, root: dir, backend: 'cpu' });
  assert.equal(run.status, 'completed');
  assert.ok(run.registered, 'registered');
  const prev = process.env.MLPIPE_HOME;
  process.env.MLPIPE_HOME = dir;
  try {
    assert.equal(await scoreCommand([file, '--input', join(dir, 'new.csv'), '--output', join(dir, 'out.csv')]), 0);
  } finally {
    if (prev === undefined) delete process.env.MLPIPE_HOME;
    else process.env.MLPIPE_HOME = prev;
  }
  const out = parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'), 'out.csv');
  const input = parseCsv(c.score, 'new.csv');
  const rows: RequestRow[] = input.rows.map((r) => Object.fromEntries(input.header.map((h, i) => [h, r[i] ?? null])));
  const serving = await startServing(file, { port: 0, root: dir, logPredictions: false });
  try {
    const res = await fetch(`${serving.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
    const body = (await res.json()) as { predictions: Prediction[] };
    assert.equal(res.status, 200, JSON.stringify(body));
    return { header: out.header, rows: out.rows.map((r) => r.map((v) => v ?? '')), served: body.predictions };
  } finally {
    await serving.close();
  }
}

const multiclass = (labels: string[], task = '') => `pipeline mc

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature x = t.x
feature c = one_hot(t.c)

model m {
  kind   = mlp
  layers = [4]
  inputs = [x, c]
  epochs = 3
  seed   = 1${task}
}

register mm {
  from = m
}

serve {
  model = mm@staging
}

environment {
  backend       = cpu
  deterministic = true
}
# labels: ${labels.join(' | ')}
`;

function labelled(labels: string[]): Record<string, string> {
  const q = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = Array.from({ length: 60 }, (_, i) => `k${i},${((i * 37) % 61) / 10 - 3},${'pqr'[i % 3]},${q(labels[(i * 5) % labels.length]!)}`);
  return { 't.csv': ['id,x,c,y', ...rows].join('\n') + '\n' };
}

const SCORE = 'id,x,c\ns0,-1.5,p\ns1,0.25,q\ns2,2,r\ns3,3.5,zz\n';

/** Each probability column of the scored file holds /predict's probability of that column's label. */
function assertSameProbabilities(o: Outcome): void {
  const cols = o.header.map((h, i) => [h, i] as const).filter(([h]) => h.startsWith('probability_'));
  assert.ok(cols.length > 2, o.header.join(','));
  o.served.forEach((p, r) => {
    assert.ok(typeof p === 'object' && p !== null && 'probabilities' in p);
    assert.equal(o.rows[r]![o.header.indexOf('prediction')], p.label, `row ${r}: label`);
    for (const [h, i] of cols) {
      const label = h.slice('probability_'.length);
      // Own keys only: a label '__proto__' must be a class of the answer, not the object's prototype.
      const served = Object.getOwnPropertyDescriptor(p.probabilities, label)?.value;
      assert.ok(Object.is(Number(o.rows[r]![i]), served), `row ${r}, ${h}: scored ${o.rows[r]![i]}, served ${served}`);
    }
  });
}

describe('end to end: check, run, score and /predict agree', () => {
  // A JavaScript object lists integer-like keys ('7', '0', '1') before the others in ascending
  // order, whatever order they were set in: negative classes and digit labels beside text ones
  // are where its key order and the model's class order part.
  it('multiclass with the classes -1, 0 and 1: each probability column is its class', { timeout: 60_000 }, async () => {
    assertSameProbabilities(await endToEnd({ pipeline: multiclass(['-1', '0', '1']), files: labelled(['-1', '0', '1']), score: SCORE }));
  });

  // '__proto__' is a label like any other: on a plain object it would set the prototype and drop the class.
  it("multiclass with text labels, some digits ('007', '7', ' x', 'a,b', '__proto__'): each probability column is its class", { timeout: 60_000 }, async () => {
    const labels = ['ünï', 'a,b', 'say "hi"', ' x', '007', '7', '__proto__'];
    assertSameProbabilities(await endToEnd({ pipeline: multiclass(labels, '\n  task   = classification'), files: labelled(labels), score: SCORE }));
  });
});

const windowed = (serveDefaults = '') => `pipeline tw

data events {
  source = "events.csv"
  target = y
  key    = id
  time   = at
}

data logs {
  source = "logs.csv"
  key    = id
  time   = ts
}

split {
  test = 0.25
  seed = 2
}

feature recent = fill_missing(window_sum(logs.v, 30d, as_of = events.at), 0)
feature xs     = standardize(events.x)

model m {
  kind   = logistic
  inputs = [recent, xs]
  epochs = 5
  seed   = 1
}

register wm {
  from = m
}

serve {
  model = wm@staging${serveDefaults}
}

environment {
  backend       = cpu
  deterministic = true
}
`;

const DAY = 86_400;
const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z
const isoDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

/** Events and their logs with every time written by `time` (epoch seconds, or ISO dates). */
function timed(time: (t: number) => string): Record<string, string> {
  const events = ['id,at,x,y'];
  const logs = ['id,ts,v'];
  for (let i = 0; i < 60; i++) {
    const at = T0 + (40 + ((i * 13) % 90)) * DAY;
    for (let k = 0; k < i % 5; k++) logs.push(`u${i},${time(at - (1 + ((i * 7 + k * 11) % 50)) * DAY)},${(i + k) % 9}`);
    events.push(`u${i},${time(at)},${((i * 37) % 21) / 10 - 1},${i % 3 === 0 ? 1 : 0}`);
  }
  return { 'events.csv': events.join('\n') + '\n', 'logs.csv': logs.join('\n') + '\n' };
}

// One instant, 2025-04-18, in each form the data layer reads as a time.
const AT = T0 + 107 * DAY;
const SAME_INSTANT = [String(AT), isoDay(AT), `${isoDay(AT)}T00:00:00Z`, String(AT * 1000), String(AT * 1e6), String(BigInt(AT) * 1_000_000_000n)];

describe('end to end: a time field in another form than training read', () => {
  // The data layer reads a time cell as epoch seconds or milliseconds, an ISO date or date-time,
  // whatever the column's other cells are. A column of epoch numbers was typed a number column,
  // so /predict refused '2025-04-18' ("must be a number") and score refused the file ("held
  // numbers when the features were fitted"), for a field the features read only as a time.
  // The check judges a serve default for such a field as serving does: any time.
  it('a model trained on epoch seconds scores ISO dates and date-times as /predict does, bit for bit; an ISO serve default is clean', { timeout: 60_000 }, async () => {
    const o = await endToEnd({ pipeline: windowed(`\n  defaults {\n    at = "${isoDay(AT)}"\n  }`), files: timed(String), score: ['id,at,x', ...SAME_INSTANT.map((t) => `u7,${t},0.5`)].join('\n') + '\n' });
    assert.equal(new Set(o.served).size, 1, `one instant, one answer: ${JSON.stringify(o.served)}`);
    o.served.forEach((p, r) => assert.ok(Object.is(Number(o.rows[r]![1]), p), `row ${r}: scored ${o.rows[r]![1]}, served ${String(p)}`));
  });

  it('a model trained on ISO dates scores epoch seconds, milli-, micro- and nanoseconds as /predict does, bit for bit', { timeout: 60_000 }, async () => {
    // u13's 30-day window at AT holds a log (day 105), so a time misread (microseconds as
    // milliseconds, 57,000 years on) empties it and changes the answer.
    const o = await endToEnd({ pipeline: windowed(), files: timed(isoDay), score: ['id,at,x', ...[SAME_INSTANT[0], ...SAME_INSTANT.slice(3)].map((t) => `u13,${t},0.5`)].join('\n') + '\n' });
    assert.equal(new Set(o.served).size, 1, `one instant, one answer: ${JSON.stringify(o.served)}`);
    o.served.forEach((p, r) => assert.ok(Object.is(Number(o.rows[r]![1]), p), `row ${r}: scored ${o.rows[r]![1]}, served ${String(p)}`));
  });
});
