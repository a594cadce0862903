/**
 * A CSV unlike the churn example's, as other tools write them: a byte-order mark, CRLF line ends,
 * quoted fields holding LF, CRLF, doubled quotes and commas, blank lines at the end, exponent
 * notation (`6.7973e+2`, `1.25E+1`), values near 1e±300, every missing spelling, unicode and
 * astral-plane categories. Trained on it, `mlpipe score` of the file, `/predict` with its cells as
 * text and as typed JSON, and every `/invocations` shape (MLflow's records, split with pandas'
 * `index`, instances, inputs as columns, the file itself as text/csv) answer bit for bit alike.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { mlpipe, post, stagedPipeline, stagedProject, type Project } from './project.js';

const PIPELINE = stagedPipeline('wild', {
  table: `data t {
  source = "wild.csv"
  target = label
  key    = id
}

split {
  test = 0.2
  seed = 1
}`,
  features: `feature amt   = standardize(amount)
feature hz    = standardize(huge)
feature tz    = min_max(tiny)
feature city1 = one_hot(city)
feature cath  = hash_bucket(cat, 16)
feature noteh = hash_bucket(note, 8)
feature flag1 = one_hot(flag)
feature opt1  = fill_missing(opt, 5)`,
  models: [{ name: 'm', registered: 'm_model', task: 'classification', seed: 3 }],
});

const FIELDS = ['amount', 'tiny', 'huge', 'city', 'cat', 'note', 'flag', 'opt'];
const CITIES = ['Zürich', 'São Paulo', '東京', 'Kraków', 'Ω', '😀city', 'plain'];
const MISSING = ['', 'NaN', 'null', 'NA', 'nan'];

function wildCsv(n: number): string {
  const rng = new Mulberry32(2026);
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['id', ...FIELDS, 'label'].join(',')];
  for (let i = 0; i < n; i++) {
    const amount = rng.float() * 1000 - 300;
    const amountText = i % 7 === 0 ? amount.toExponential(4) : i % 11 === 0 ? amount.toExponential().toUpperCase() : String(amount);
    const city = CITIES[rng.int(CITIES.length)]!;
    const flag = rng.float() < 0.5 ? 'True' : 'False';
    const note = i % 5 === 0 ? `line1\nline2 "quoted", ${i}` : i % 5 === 1 ? 'crlf\r\ninside' : `n${i % 13}`;
    const opt = rng.float() < 0.2 ? MISSING[i % MISSING.length]! : (rng.float() * 10).toFixed(3);
    const p = 1 / (1 + Math.exp(-(amount / 300 + (flag === 'True' ? 1 : -1) + (city === 'Ω' ? 2 : 0))));
    const cells = [`ü${i}`, amountText, (rng.float() * 1e-300).toExponential(6), (rng.float() * 1e300).toExponential(6), city, `c${rng.int(500)}`, note, flag, opt];
    lines.push([...cells.map(q), rng.float() < p ? 'yes' : 'no'].join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n\r\n\r\n`;
}

let project: Project;
let serving: Serving;
before(async () => {
  project = await stagedProject(PIPELINE, { 'wild.csv': wildCsv(400) });
  serving = await startServing(project.file, { port: 0 });
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test('a CSV with a BOM, CRLF, quoted line breaks and quotes, exponents and unicode scores alike in mlpipe score, /predict and every /invocations shape', { timeout: 120_000 }, async () => {
  const csvPath = join(project.dir, 'wild.csv');
  const scored = await mlpipe(['score', project.file, '--input', csvPath, '--output', join(project.dir, 'scored.csv')]);
  assert.equal(scored.status, 0, scored.stderr);
  const out = parseCsv(readFileSync(join(project.dir, 'scored.csv'), 'utf8'), 'scored.csv');
  const { header, rows } = parseCsv(readFileSync(csvPath, 'utf8').replace(/^\ufeff/, ''), csvPath);
  assert.equal(out.rows.length, rows.length);
  assert.deepEqual(
    out.rows.map((r) => r[0]),
    rows.map((r) => r[0]),
    'the key column as written, unicode included',
  );
  const expected = out.rows.map((r) => Number(r[1]));
  const cells = rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[header.indexOf(f)]!])));
  // Numbers as JSON numbers, a missing number left out, as pandas' records would send them.
  const typed = cells.map((c) => {
    const row: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(c)) {
      if (!['amount', 'tiny', 'huge', 'opt'].includes(k)) row[k] = v;
      else if (!MISSING.includes(v)) row[k] = Number(v);
    }
    return row;
  });
  const shapes: Array<[string, unknown, string?]> = [
    ['/predict', { rows: cells }],
    ['/predict', { rows: typed }],
    ['/invocations', { dataframe_records: typed }],
    ['/invocations', { dataframe_split: { index: cells.map((_, i) => i), columns: FIELDS, data: cells.map((c) => FIELDS.map((f) => c[f])) } }],
    ['/invocations', { instances: typed }],
    ['/invocations', { inputs: Object.fromEntries(FIELDS.map((f) => [f, cells.map((c) => c[f])])) }],
    ['/invocations', readFileSync(csvPath, 'utf8'), 'text/csv; charset=utf-8'],
  ];
  for (const [path, body, type] of shapes) {
    const what = `${path} ${typeof body === 'string' ? 'text/csv' : Object.keys(body as object)[0]}`;
    const r = await post(`${serving.url}${path}`, body, type);
    assert.equal(r.status, 200, `${what}: ${r.text.slice(0, 300)}`);
    const got = r.json.predictions as number[];
    assert.equal(got.length, expected.length, what);
    const differ = got.flatMap((p, i) => (Object.is(p, expected[i]) ? [] : [`row ${i}: ${p} against score's ${expected[i]}`]));
    assert.deepEqual(differ, [], what);
  }
});
