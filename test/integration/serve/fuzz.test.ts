import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { errorBody } from '../../../server/protocol/serving.js';
import { get, trainedChurn, type Project } from './project.js';
import { envInteger } from '../../support/envInteger.js';

// 2,000 by default (CI); MLPIPE_FUZZ_RUNS=10000 for the full count.
const RUNS = envInteger('MLPIPE_FUZZ_RUNS', 2000, { min: 1 });
const FIELDS = ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'monthly_charges', 'support_tickets', 'region', 'churned', 'x', '', '__proto__', 'constructor'];

const value = fc.oneof(
  fc.constantFrom('basic', 'premium', 'C00001', 'C99999', '2025-06-01', '2025-13-45', 'NA', '', 'null', '1e308', '-0', 'NaN', '1e-400'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const row = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 });
const rows = fc.array(row, { maxLength: 5 });

const jsonBody = fc.oneof(
  rows.map((r) => ({ rows: r })),
  rows.map((r) => ({ dataframe_records: r })),
  rows.map((r) => ({ instances: r })),
  rows.map((r) => ({ inputs: r })),
  fc.record({ columns: fc.array(fc.constantFrom(...FIELDS), { maxLength: 6 }), data: fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 4 }) }).map((s) => ({ dataframe_split: s })),
  fc.record({ labels: fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), label: value }), { maxLength: 3 }) }),
  fc.jsonValue(),
).map((v) => JSON.stringify(v));

const csvBody = fc
  .tuple(fc.array(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 6 }), fc.array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }), { maxLength: 4 }))
  .map(([h, data]) => [h.join(','), ...data.map((d) => d.join(','))].join('\n'));

const body = fc.oneof(
  { weight: 5, arbitrary: jsonBody },
  { weight: 2, arbitrary: csvBody },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  // Truncated or corrupted JSON.
  { weight: 2, arbitrary: jsonBody.chain((s) => fc.nat({ max: s.length }).map((n) => s.slice(0, n))) },
);

const request = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(fc.constantFrom('/predict', '/invocations', '/feedback', '/drift', '/health', '/metadata', '/metrics', '/predict/', '/PREDICT', '/predict?x=1'), fc.webPath()),
  contentType: fc.oneof(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/csv', 'text/csv; charset=latin1', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'),
    fc.stringMatching(/^[a-z/;= +-]{0,30}$/),
  ),
  body,
});

describe('fuzzing the server over real HTTP', () => {
  let project: Project;
  let serving: Serving;
  before(async () => {
    project = await trainedChurn();
    serving = await startServing(project.file, { port: 0 });
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it(`${RUNS} random and malformed requests get no 5xx, no stack trace, and the server keeps answering`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
        const res = await fetch(serving.url + (r.path.startsWith('/') ? r.path : `/${r.path}`), {
          method: r.method,
          headers: hasBody && r.contentType ? { 'content-type': r.contentType } : {},
          body: hasBody ? r.body : undefined,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status < 500, `${r.method} ${r.path} (${r.contentType}) ${r.body.slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`);
        assert.doesNotMatch(text, /\n\s+at .*:\d+:\d+/, 'no stack trace');
        if (res.status >= 400 && r.method !== 'HEAD') errorBody.parse(JSON.parse(text));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: false },
    );
    assert.ok([...statuses.values()].reduce((a, b) => a + b, 0) >= Math.min(RUNS, 500), 'enough requests ran');
    assert.ok(statuses.get(200), `some requests succeed: ${JSON.stringify([...statuses])}`);
    assert.equal((await get(`${serving.url}/health`)).status, 200);
  });
});
