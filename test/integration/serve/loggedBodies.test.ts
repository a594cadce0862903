import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { get, post, servedChurn } from './project.js';

// The /predict fast path hands the log the body's bytes as received; Fastify's route (a content
// type with a charset) hands it the body's decoded text. Both must log the same rows.
describe('a /predict body logged from its bytes', () => {
  const churn = servedChurn(40);

  it('logs the rows the parsed body holds, for bodies with a byte-order mark, escapes, other scripts and numbers in every form', async () => {
    const { serving, rows } = churn;
    const [a, b, c] = rows;
    const keyed = (r: Record<string, unknown>) => `{${Object.entries(r).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
    const bodies = [
      `{"rows":[${keyed(a)}]}`,
      `\ufeff{"rows":[${keyed(a)},${keyed(b)}]}`,
      `{"rows":[${keyed({ ...b, customer_id: 'nörth 🙂 \u2028' })}]}`,
      `{ "rows" : [ ${keyed(c).replace(/"customer_id":"C/, '"customer_id":"\\u0043\\n')} ] }`,
      `{"rows":[${keyed(a).replace(/"tenure_days":(\d+)/, '"tenure_days":$1.000e0')}]}`,
      `\ufeff{"rows":[${keyed({ ...c, customer_id: 'ü\\"' })},${keyed({ ...a, monthly_charges: -0 }).replace('"monthly_charges":0', '"monthly_charges":-0')}]}`,
    ];
    const want = new Map<string, unknown>();
    for (const body of bodies) {
      const parsed = (JSON.parse(body.replace(/^\ufeff/, '')) as { rows: unknown[] }).rows;
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const res = await post(`${serving.url}/predict`, body, contentType);
        assert.equal(res.status, 200, `${contentType}: ${body} → ${res.text}`);
        (res.json.ids as string[]).forEach((id, r) => want.set(id, parsed[r]));
      }
    }
    // As /predictions answers them: its JSON writes -0 as 0 (the log keeps -0: rowValuesText.test.ts).
    for (const [id, input] of want) want.set(id, JSON.parse(JSON.stringify(input)));
    const page = await get(`${serving.url}/predictions?limit=1000`);
    assert.equal(page.status, 200);
    const got = new Map((page.json.predictions as Array<{ id: string; inputs: unknown }>).map((p) => [p.id, p.inputs]));
    for (const [id, input] of want) assert.deepEqual(got.get(id), input, id);
    const health = await get(`${serving.url}/health`);
    assert.equal(health.json.log.lastError, null);
    assert.equal(health.json.log.dropped, 0);
  });
});
