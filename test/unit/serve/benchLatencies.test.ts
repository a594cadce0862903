// The serving bench's latencies (bench/latencies.ts): exact percentiles below a millisecond,
// where autocannon's own histogram prints whole milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Latencies, loadWithLatencies } from '../../../bench/latencies.js';

test('percentiles are nearest-rank over every recorded value, at their own resolution', () => {
  const l = new Latencies();
  assert.ok(Number.isNaN(l.percentile(99)));
  // 100,000 values (past the first buffer), in a scrambled order: 0.01 ms … 1000 ms.
  for (let i = 0; i < 100_000; i++) l.record((((i * 7919) % 100_000) + 1) / 100);
  assert.equal(l.count, 100_000);
  assert.equal(l.percentile(50), 500);
  assert.equal(l.percentile(99), 990);
  assert.equal(l.percentile(99.9), 999);
  assert.equal(l.percentile(100), 1000);
  assert.equal(l.percentile(0), 0.01);
  l.record(0.005);
  assert.equal(l.percentile(0), 0.005);
});

test('a late response under a rate also counts the requests it held back (coordinated omission)', () => {
  const l = new Latencies();
  l.record(3.5, 1);
  l.record(0.4, 1);
  // 3.5 at a 1 ms interval adds 2.5 and 1.5 (not 0.5: below the interval).
  assert.equal(l.count, 4);
  assert.deepEqual([25, 50, 75, 100].map((p) => l.percentile(p)), [0.4, 1.5, 2.5, 3.5]);
});

test('a real run keeps sub-millisecond latencies that autocannon itself rounds to whole milliseconds', async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { result, latencies } = await loadWithLatencies({ url, connections: 2, amount: 400, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(latencies.count, 400);
    assert.ok(Number.isInteger(result.latency.p50), `autocannon's p50 ${result.latency.p50} is whole milliseconds`);
    const p50 = latencies.percentile(50);
    assert.ok(p50 > 0 && !Number.isInteger(p50), `p50 ${p50} keeps its fraction`);
    assert.ok(Math.floor(p50) === result.latency.p50 || Math.abs(p50 - result.latency.p50) < 1, `p50 ${p50} ms is autocannon's ${result.latency.p50} before rounding`);
  } finally {
    server.close();
  }
});
