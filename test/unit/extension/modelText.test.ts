import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedVersionMark, servedVersionNotice, versionTooltip } from '../../../extension/format/modelText.js';

const v = { name: 'm', version: 2, stage: 'production' as const, runId: 'r-2' };

test("a version's tooltip names its last stage change, who made it and why", () => {
  assert.equal(
    versionTooltip(v, { id: 3, name: 'm', version: 2, action: 'promote', fromStage: 'staging', toStage: 'production', actor: 'mlpipe editor', reason: 'the canary held', at: '2026-12-05T09:31:02.000Z', runId: 'r-2' }),
    'm v2 (production) from run r-2\nlast change 2026-12-05 09:31:02Z: staging → production, promote by mlpipe editor: the canary held',
  );
  assert.equal(versionTooltip(v, undefined), 'm v2 (production) from run r-2');
});

test('the notice of a moved served reference says what changed and what the server still serves', () => {
  assert.equal(
    servedVersionNotice({ file: '/p/churn.mlpipe', url: 'http://127.0.0.1:8080', model: 'm', version: 1, change: "'m@production' is now v3 (production)" }, 'churn.mlpipe'),
    "mlpipe: the registry changed: 'm@production' is now v3 (production). churn.mlpipe's server on http://127.0.0.1:8080 serves m v1 until it restarts.",
  );
});

test("a moved served reference marks the endpoint's item until the server restarts: the change, and what it serves meanwhile", () => {
  assert.deepEqual(servedVersionMark({ url: 'http://127.0.0.1:8080', model: 'm', version: 1, change: "'m@production' is now v3 (production)" }), {
    description: "registry changed: 'm@production' is now v3 (production)",
    tooltip: "the registry changed: 'm@production' is now v3 (production); this server serves m v1 until it restarts",
  });
});
