import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointInfo } from '../../../server/protocol/backend.js';
import { lostServingText, ServedEndpoints } from '../../../extension/runs/servedEndpoints.js';

const endpoint = (url: string, model = 'churn_mlp', version: number | null = 3): EndpointInfo => ({ file: `/p/${model}.mlpipe`, model, version, url, port: Number(new URL(url).port), drift: [], window: null });

test('servers the backend ran are what a dead backend takes with it: up adds, down removes, taken once', () => {
  const served = new ServedEndpoints();
  served.follow({ kind: 'serverUp', endpoint: endpoint('http://127.0.0.1:8080') });
  served.follow({ kind: 'serverUp', endpoint: endpoint('http://127.0.0.1:8081', 'fraud', null) });
  served.follow({ kind: 'serverDown', url: 'http://127.0.0.1:8081', reason: 'stopped from the editor' });
  served.follow({ kind: 'storeChanged', root: '/p' });
  assert.deepEqual(served.takeLost(), [{ file: '/p/churn_mlp.mlpipe', model: 'churn_mlp', version: 3, url: 'http://127.0.0.1:8080' }]);
  // A backend that comes back serves nothing, and a second stop has nothing more to say.
  assert.deepEqual(served.takeLost(), []);
});

test('the warning names each lost server and why the backend stopped', () => {
  const one = new ServedEndpoints();
  one.follow({ kind: 'serverUp', endpoint: endpoint('http://127.0.0.1:8080') });
  assert.equal(
    lostServingText(one.takeLost(), 'the backend was killed by SIGKILL; restarting in 1 s'),
    'mlpipe: churn_mlp v3 (http://127.0.0.1:8080) is no longer served: the backend was killed by SIGKILL; restarting in 1 s.',
  );
  const two = [endpoint('http://127.0.0.1:8080'), endpoint('http://127.0.0.1:9000', 'fraud', null)];
  assert.equal(lostServingText(two, 'the backend was restarted.'), 'mlpipe: churn_mlp v3 (http://127.0.0.1:8080), fraud (http://127.0.0.1:9000) are no longer served: the backend was restarted.');
});
