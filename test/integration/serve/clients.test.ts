/**
 * What real clients send: MLflow's scoring shapes as pandas and MLflow's own clients write them,
 * and HTTP a browser, a proxy or a broken client sends. Each refusal is the documented
 * `{"error", "details"}` and says what is wrong with the shape the client meant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { errorBody } from '../../../server/protocol/serving.js';
import { post, trainedChurn, type Project } from './project.js';

const ROW = { customer_id: 'C00001', snapshot_at: '2025-06-01', tenure_days: 120, plan: 'basic', monthly_charges: 30.5 };

describe('serving as real clients call it', () => {
  let project: Project;
  let serving: Serving;
  let url: string;

  before(async () => {
    project = await trainedChurn();
    serving = await startServing(project.file, { port: 0 });
    url = serving.url;
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  /** Posts a body that must be refused with 400, and returns the error body's text (error and problems). */
  const refused = async (path: string, body: unknown, contentType = 'application/json') => {
    const r = await post(`${url}${path}`, body, contentType);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 120)} -> ${r.status} ${r.text}`);
    const e = errorBody.parse(r.json);
    return { e, text: [e.error, ...e.details.map((d) => `${d.row}/${d.field}: ${d.problem}`)].join('\n') };
  };

  it('an /invocations body in one MLflow shape that is wrong is told what is wrong with that shape, not "Invalid input"', async () => {
    const cases: Array<[unknown, RegExp]> = [
      // MLflow's own docs send lists of values; this model reads named fields.
      [{ inputs: [Object.values(ROW)] }, /inputs holds lists of values without column names: send each row as an object \{column: value, …\}.*or dataframe_split/],
      [{ instances: [Object.values(ROW)] }, /instances holds lists of values without column names/],
      [{ dataframe_split: { data: [Object.values(ROW)] } }, /dataframe_split\.columns: .*expected array/],
      [{ dataframe_records: [{ ...ROW, plan: { nested: 1 } }] }, /0\/plan: a field value must be a string, a finite number, true, false or null/],
      [{ inputs: { plan: 'basic' } }, /inputs\.plan: .*expected array/],
      [{ inputs: 'basic' }, /inputs: inputs must be a list of rows \[\{column: value, …\}\] or an object of columns \{column: \[values\]\}/],
      [{ dataframe_records: [ROW], extra: 1 }, /unknown key 'extra'/],
      [{ dataframe_records: [ROW], instances: [ROW] }, /holds dataframe_records and instances: send one/],
      [{ data: [ROW] }, /holds 'data'/],
      // MLflow 1's pandas-records body: a bare list.
      [[ROW], /a bare list .*\{"dataframe_records": \[…\]\}/],
    ];
    for (const [body, expected] of cases) {
      const { text } = await refused('/invocations', body);
      assert.match(text, expected, JSON.stringify(body));
      assert.doesNotMatch(text, /Invalid input$/m, `${JSON.stringify(body)}: ${text}`);
    }
  });
});
