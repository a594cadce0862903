/**
 * The fast path of `POST /predict`: a plain `node:http` listener in front of Fastify takes the
 * common request (POST, exactly '/predict', content type exactly 'application/json', a
 * Content-Length within the limit, no transfer or content encoding) and answers it without
 * Fastify's routing, body reading and reply steps, about a third of a request's CPU. Anything
 * else, or any doubt, is left to Fastify, which answers as before; the answers this path gives
 * (success and every error) are the same bytes Fastify would send, from the same handler code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PredictionId } from './predictionIds.js';

export interface Answer {
  status: number;
  /** The JSON text of the body. */
  json: string;
  /** Its length in UTF-8 bytes where known (ASCII text: its length), or -1: measured before sending. */
  bytes: number;
}

export interface FastPredict {
  bodyLimit: number;
  /** The answer to a body that was read at `bodyAt` (performance.now()); its bytes, not yet decoded. */
  answer(body: Buffer, bodyAt: number): Answer;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Takes the request when it is the common case; false (nothing read) hands it to Fastify. */
export function takePredict(fast: FastPredict, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'POST' || req.url !== '/predict') return false;
  // Node's header object, as Fastify reads it (the first of repeated content types and lengths).
  // Scanning req.rawHeaders instead saved about 0.2 µs of a request's 40-70 in isolation and
  // nothing measurable in the server, so the rule reads what every other route reads.
  const h = req.headers;
  if (h['content-type'] !== 'application/json' || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined) return false;
  const length = Number(h['content-length']);
  if (!(length > 0 && length <= fast.bodyLimit)) return false;
  // The body of a small request arrives in one chunk; more only for a large one. It is answered
  // as soon as its Content-Length bytes are in (Node's parser holds a body to that length), from
  // the 'data' event itself: no 'end' listener and no wait for the stream's end tick. No 'error'
  // listener: an IncomingMessage without one does not emit its error (a client gone mid-body),
  // so there is nothing to answer and nothing thrown, and each listener costs a request.
  let first: Buffer | null = null;
  let more: Buffer[] | null = null;
  let received = 0;
  req.on('data', (c: Buffer) => {
    received += c.length;
    if (first === null) first = c;
    else (more ??= [first]).push(c);
    if (received < length) return;
    const bodyAt = performance.now();
    const a = fast.answer(more !== null ? Buffer.concat(more) : c, bodyAt);
    res.writeHead(a.status, ['content-type', JSON_TYPE, 'content-length', a.bytes >= 0 ? a.bytes : Buffer.byteLength(a.json)]);
    res.end(a.json);
  });
  return true;
}

/** Whether `text` is ASCII: its UTF-8 length is then its length. */
export const isAsciiText = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/**
 * The 200 answer `JSON.stringify({predictions, ids, model})`, with the model's part written once
 * (`modelAscii`: whether `modelJson` is ASCII): numbers are written directly, other answers
 * through JSON.stringify, and the ids appended unread (`PredictionId`: nothing in them to escape).
 * Written directly, the text is ASCII, so its byte length is its length: Buffer.byteLength
 * scanned every answer again (0.35 µs of the ~10 a single-row request costs the serving thread
 * in mlpipe's own code).
 */
export function predictAnswer(predictions: readonly unknown[], ids: ReadonlyArray<PredictionId | null>, modelJson: string, modelAscii: boolean): Answer {
  let ascii = modelAscii;
  let s = '{"predictions":[';
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i];
    if (i > 0) s += ',';
    if (typeof p === 'number') s += Number.isFinite(p) ? String(p) : 'null';
    else {
      s += JSON.stringify(p);
      ascii = false;
    }
  }
  s += '],"ids":[';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (i > 0) s += ',';
    s += id === null ? 'null' : `"${id}"`;
  }
  const json = `${s}],"model":${modelJson}}`;
  return { status: 200, json, bytes: ascii ? json.length : -1 };
}
