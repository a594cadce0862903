import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { isAsciiText, predictAnswer, takePredict, type FastPredict } from '../../../server/backend/serve/fastPredict.js';
import { PredictionIds, predictionId, type PredictionId } from '../../../server/backend/serve/predictionIds.js';

describe('predictAnswer', () => {
  const models = [
    { name: 'churn_model', version: 3 },
    { name: 'modèle_désabonnement', version: 1 },
  ];
  it('writes what JSON.stringify writes, for every kind of prediction and every id a server makes, with its UTF-8 length where it gives one', () => {
    const prediction = fc.oneof(
      fc.double(),
      fc.constantFrom(-0, Number.MIN_VALUE, Number.MAX_VALUE, 1e21, 1e-7, Infinity, NaN),
      fc.record({ label: fc.string({ unit: 'binary' }), probabilities: fc.dictionary(fc.string({ unit: 'binary' }), fc.double({ noNaN: true })) }),
    );
    // Ids as servers make them: any writer's prefix, any counter up to the 36^9 the format holds.
    const prefix = new PredictionIds().prefix;
    const id = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 36 ** 9 - 1 }).map((n) => predictionId(prefix, n)));
    fc.assert(
      fc.property(fc.array(prediction, { maxLength: 20 }), fc.array(id, { maxLength: 20 }), fc.constantFrom(...models), (predictions, ids, model) => {
        const modelJson = JSON.stringify(model);
        const a = predictAnswer(predictions, ids, modelJson, isAsciiText(modelJson));
        assert.equal(a.status, 200);
        assert.equal(a.json, JSON.stringify({ predictions, ids, model }));
        assert.ok(a.bytes === -1 || a.bytes === Buffer.byteLength(a.json), `bytes ${a.bytes} for ${Buffer.byteLength(a.json)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the length of a server's common answer (numbers, its own ids, an ASCII model) without measuring it again", () => {
    const modelJson = JSON.stringify(models[0]);
    const id = 'mxcs147jbbaa94-41i0g' as PredictionId;
    const a = predictAnswer([0.25, -0, 1e-7, NaN], [id, null], modelJson, isAsciiText(modelJson));
    assert.equal(a.bytes, Buffer.byteLength(a.json));
    const b = predictAnswer([0.25], [id], JSON.stringify(models[1]), isAsciiText(JSON.stringify(models[1])));
    assert.equal(b.bytes, -1);
  });
});

describe('takePredict on a real node:http server', () => {
  /** A server whose fast path answers the body's length and its parsed `n`; anything else is read as a stream. */
  async function server(): Promise<{ port: number; close: () => Promise<void>; streamed: string[] }> {
    const streamed: string[] = [];
    const fast: FastPredict = {
      bodyLimit: 1 << 20,
      answer: (body) => ({ status: 200, json: JSON.stringify({ bytes: body.length, n: (JSON.parse(body.toString()) as { n: number }).n }), bytes: -1 }),
    };
    const s = createServer((req, res) => {
      if (takePredict(fast, req, res)) return;
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        streamed.push(text);
        res.end(JSON.stringify({ streamed: text.length }));
      });
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return { port: (s.address() as AddressInfo).port, streamed, close: () => new Promise<void>((r) => s.close(() => r())) };
  }

  /** Writes `parts` with `gapMs` between them on one connection; resolves with the raw answers once `answers` have come. */
  function exchange(port: number, parts: string[], gapMs: number, answers: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let got = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer in time; got ${JSON.stringify(got)}`));
      }, 5000);
      socket.on('data', (c) => {
        got += c.toString();
        if ((got.match(/HTTP\/1\.1 /g) ?? []).length === answers && /\r\n\r\n\{[^}]*\}$/.test(got)) {
          clearTimeout(timer);
          socket.end();
          resolve(got);
        }
      });
      socket.on('error', reject);
      void (async () => {
        for (const p of parts) {
          socket.write(p);
          // Not a wait for something: the gap is the stimulus, so each part reaches the server as a read of its own.
          await new Promise((r) => setTimeout(r, gapMs));
        }
      })();
    });
  }
  const post = (body: string) => `POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

  it('answers a body that arrives after its headers in several writes, from the whole body', async () => {
    const s = await server();
    try {
      const body = JSON.stringify({ n: 7, pad: 'x'.repeat(3000) });
      const got = await exchange(s.port, [post(body), body.slice(0, 10), body.slice(10, 2000), body.slice(2000)], 20, 1);
      assert.match(got, /^HTTP\/1\.1 200 /);
      assert.ok(got.endsWith(JSON.stringify({ bytes: body.length, n: 7 })), got);
    } finally {
      await s.close();
    }
  });

  it('keeps a connection answering: a second request after the first, and a request it does not take, read as before', async () => {
    const s = await server();
    try {
      const one = JSON.stringify({ n: 1 });
      const two = JSON.stringify({ n: 2 });
      const got = await exchange(s.port, [post(one) + one, post(two), two, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'], 30, 3);
      assert.ok(got.includes(JSON.stringify({ bytes: one.length, n: 1 })), got);
      assert.ok(got.includes(JSON.stringify({ bytes: two.length, n: 2 })), got);
      assert.ok(got.endsWith(JSON.stringify({ streamed: 0 })), got);
      assert.deepEqual(s.streamed, ['']);
    } finally {
      await s.close();
    }
  });
});
