/**
 * The fast path of `POST /predict`: a plain `node:http` listener in front of Fastify takes the
 * common request (POST, exactly '/predict', content type exactly 'application/json', a
 * Content-Length within the limit, no transfer or content encoding) and answers it without
 * Fastify's routing, body reading and reply steps, about a third of a request's CPU. Anything
 * else, or any doubt, is left to Fastify, which answers as before; the answers this path gives
 * (success and every error) are the same bytes Fastify would send, from the same handler code.
 */
import { IncomingMessage, type ServerResponse } from 'node:http';

export interface Answer {
  status: number;
  /** The JSON text of the body. */
  json: string;
}

export interface FastPredict {
  bodyLimit: number;
  /** The answer to a body that was read at `bodyAt` (performance.now()); its bytes, not yet decoded. */
  answer(body: Buffer, bodyAt: number): Answer;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The server's request class (`http.createServer({ IncomingMessage })`). The fast path takes a
 * body's chunks as Node's HTTP parser hands them to the request (its `push`), instead of reading
 * the request as a stream: a 'data' listener switched the stream to flowing mode through a
 * next-tick step, and when the answer was sent Node drained the stream through another, 1.5 to
 * 2.5 µs of a request's CPU (measured against node:http servers answering the same body both
 * ways). A request the fast path does not take reads as a stream, as Node's own class does.
 */
export class BodyTakingRequest extends IncomingMessage {
  private taker: ((chunk: Buffer) => void) | null = null;

  /** Sends the body's chunks to `taker` as they arrive; the stream then stays empty. */
  takeBody(taker: (chunk: Buffer) => void): void {
    this.taker = taker;
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.taker === null) return super.push(chunk, encoding);
    if (chunk !== null) this.taker(chunk as Buffer);
    // At the message's end (null) the taker has read the body whole: nothing is left for Node to
    // drain off the connection once the answer is sent (`_dump`, which resumes the stream a tick
    // later). Not before: Node's parser hands no more chunks to a request marked so. Ignored
    // where Node has no such field.
    else (this as unknown as { _dumped: boolean })._dumped = true;
    return true;
  }
}

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
  // the chunk itself: no 'end' listener and no wait for the stream's end tick. No 'error'
  // listener: a client gone mid-body leaves nothing to answer and nothing thrown.
  let first: Buffer | null = null;
  let more: Buffer[] | null = null;
  let received = 0;
  const take = (c: Buffer): void => {
    received += c.length;
    if (first === null) first = c;
    else (more ??= [first]).push(c);
    if (received < length) return;
    const bodyAt = performance.now();
    const a = fast.answer(more !== null ? Buffer.concat(more) : c, bodyAt);
    res.writeHead(a.status, ['content-type', JSON_TYPE, 'content-length', Buffer.byteLength(a.json)]);
    res.end(a.json);
  };
  if (req instanceof BodyTakingRequest && req.readableLength === 0 && !req.complete) req.takeBody(take);
  else req.on('data', take);
  return true;
}

/**
 * `JSON.stringify({predictions, ids, model})` with the model's part written once: numbers and
 * ids (letters, digits and '-') are written directly, anything else through JSON.stringify.
 */
export function predictAnswerJson(predictions: readonly unknown[], ids: ReadonlyArray<string | null>, modelJson: string): string {
  let s = '{"predictions":[';
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i];
    if (i > 0) s += ',';
    s += typeof p === 'number' ? (Number.isFinite(p) ? String(p) : 'null') : JSON.stringify(p);
  }
  s += '],"ids":[';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (i > 0) s += ',';
    s += id === null ? 'null' : /^[0-9a-z-]*$/.test(id) ? `"${id}"` : JSON.stringify(id);
  }
  return `${s}],"model":${modelJson}}`;
}
