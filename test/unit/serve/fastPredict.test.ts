import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { plainJsonLength, predictAnswerJson } from '../../../server/backend/serve/fastPredict.js';

describe('predictAnswerJson', () => {
  const model = { name: 'churn_model', version: 3 };
  it('writes what JSON.stringify writes, for every kind of prediction and id', () => {
    const prediction = fc.oneof(
      fc.double(),
      fc.constantFrom(-0, Number.MIN_VALUE, Number.MAX_VALUE, 1e21, 1e-7, Infinity, NaN),
      fc.record({ label: fc.string(), probabilities: fc.dictionary(fc.string(), fc.double({ noNaN: true })) }),
    );
    const id = fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-z]+-[0-9a-z]+$/), fc.string());
    fc.assert(
      fc.property(fc.array(prediction, { maxLength: 20 }), fc.array(id, { maxLength: 20 }), (predictions, ids) => {
        assert.equal(predictAnswerJson(predictions, ids, JSON.stringify(model)), JSON.stringify({ predictions, ids, model }));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plainJsonLength', () => {
  /** The rule as it read req.headers before: what the raw header scan must agree with. */
  const byHeaders = (h: IncomingHttpHeaders): number =>
    h['content-type'] !== 'application/json' || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined ? NaN : Number(h['content-length']);

  it('agrees with req.headers over real requests: any case, repeated and unrelated headers', async () => {
    const seen: Array<{ raw: number; headers: number }> = [];
    const server = createServer((req, res) => {
      seen.push({ raw: plainJsonLength(req.rawHeaders), headers: byHeaders(req.headers) });
      req.resume();
      req.on('end', () => res.end());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const casing = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((up) => [...name].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
    const header = fc.oneof(
      fc.tuple(casing('content-type'), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'Application/JSON', '')),
      fc.tuple(casing('content-encoding'), fc.constantFrom('gzip', 'identity')),
      fc.tuple(casing('transfer-encoding'), fc.constant('identity')),
      fc.tuple(fc.constantFrom('x-request', 'accept', 'content-types', 'x-content-length'), fc.constantFrom('1', 'application/json')),
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(header, { maxLength: 5 }), fc.nat({ max: 3 }), async (headers, n) => {
          const body = 'x'.repeat(n);
          const lines = [`POST /predict HTTP/1.1`, 'Host: 127.0.0.1', ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${n}`, 'Connection: close', '', body];
          const socket = connect(port, '127.0.0.1');
          socket.end(lines.join('\r\n'));
          socket.resume();
          await once(socket, 'close');
        }),
        { numRuns: 300 },
      );
    } finally {
      server.close();
    }
    // Requests Node refused (a transfer encoding with a length) never reached the handler; every one that did agrees.
    assert.ok(seen.length > 100, `${seen.length} requests answered`);
    for (const s of seen) assert.ok(Object.is(s.raw, s.headers) || (Number.isNaN(s.raw) && Number.isNaN(s.headers)), JSON.stringify(s));
    assert.ok(seen.some((s) => s.raw >= 0));
  });
});
