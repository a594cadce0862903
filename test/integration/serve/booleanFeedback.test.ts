/**
 * A boolean target as pandas writes it (`True`/`False`), labelled by a client that sends the
 * boolean column's values as JSON booleans: each is the class it names.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { driftReport, errorBody, metadataResponse } from '../../../server/protocol/serving.js';
import { get, post, requestRows, trainedChurn, type Project } from './project.js';

describe('feedback for a boolean target', () => {
  let project: Project;
  let serving: Serving;
  let url: string;

  before(async () => {
    project = await trainedChurn((text) => {
      // The data is rewritten below, so its pin goes; a text target needs the task said.
      return text.replace(/ {2}version = "sha256:1bdf[0-9a-f]+"\n/, '').replace('  seed          = 7\n', '  seed          = 7\n  task          = classification\n');
    }, (dir) => {
      const file = join(dir, 'data/customers.csv');
      const [header, ...lines] = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, [header, ...lines.map((l) => l.replace(/,1$/, ',True').replace(/,0$/, ',False'))].join('\n'));
    });
    serving = await startServing(project.file, { port: 0 });
    url = serving.url;
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it('true and false are the classes True and False, counted by the quality metrics; a boolean no class is is refused', async () => {
    const m = metadataResponse.parse((await get(`${url}/metadata`)).json);
    assert.deepEqual([m.labels, m.positive], [['False', 'True'], 'True']);
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 7, ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'monthly_charges', 'support_tickets', 'churned']).slice(0, 60);
    const { ids } = (await post(`${url}/predict`, { rows: rows.map(({ churned: _c, ...r }) => r) })).json as { ids: string[] };
    const labels = ids.map((id, i) => ({ id, label: rows[i].churned === 'True' }));
    assert.ok(labels.some((l) => l.label) && labels.some((l) => !l.label));
    // Was 400: "a label must be a class's text or a number, not true".
    const r = await post(`${url}/feedback`, { labels });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { accepted: 60, unknown: [] });
    // Recorded as the classes' own text, so the quality metrics read every one.
    const q = driftReport.parse((await get(`${url}/drift`)).json).quality;
    assert.equal(q?.labels, 60, JSON.stringify(q));
    // The text in another spelling stays refused with the classes named, as before.
    const bad = await post(`${url}/feedback`, { labels: [{ id: ids[0], label: 'true' }] });
    assert.equal(bad.status, 400);
    assert.equal(errorBody.parse(bad.json).error, "1 label the model cannot take: 'true' is not a class the model learned: use 'False', 'True'; nothing was recorded");
  });
});
