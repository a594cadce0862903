/**
 * The HTTP server of a registered model, on Fastify. Bodies are validated with the zod schemas
 * of `protocol/serving.ts`, rows with the feature engine (`Scorer`). Every bad request is a
 * 4xx with a one-line error and per-field details; nothing a client sends reaches a 5xx.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parseCsv } from '../../mlpipe/data/csv.js';
import { DataError, describeLocation, withoutFile } from '../../mlpipe/data/errors.js';
import { validateHeader } from '../../mlpipe/data/header.js';
import { isMissing } from '../../mlpipe/data/values.js';
import { encodingHint, firstInvalidUtf8 } from '../../mlpipe/data/utf8.js';
import { isAscii, isUtf8 } from 'node:buffer';
import {
  feedbackRequest,
  invocationsRequest,
  invocationsShapes,
  MAX_PREDICTIONS_PAGE,
  predictionsQuery,
  predictRequest,
  type PredictionsPage,
  type Prediction,
  type ErrorBody,
  type ErrorDetail,
  type InvocationsRequest,
  type MetadataResponse,
  type PredictRequest,
  type RequestRow,
  type DriftReport,
  type LogHealth,
} from '../../protocol/serving.js';
import { driftReport, listAlerts, monitorSpec } from '../monitor/monitor.js';
import { Retrainer, retrainRuns, settleUnfinishedRetrains } from '../monitor/retrain.js';
import { LogReader, type LogOptions } from './log.js';
import { LogWorker } from './logWorker.js';
import { isAsciiText, predictAnswer, takePredict, type Answer, type FastPredict } from './fastPredict.js';
import type { PredictionId } from './predictionIds.js';
import { BodyRowsReader } from './bodyRows.js';
import { oneLabelPerId, readFeedbackLabel } from '../monitor/feedbackLabels.js';
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PHASE, ServingMetrics } from './metrics.js';
import { Scorer } from './scorer.js';
import { timeOnlyColumns } from '../../mlpipe/features/runtime.js';
import { defaultAsRead, learnedFieldCategories } from '../../mlpipe/features/index.js';
import { fillsNothing } from '../../mlpipe/features/defaultMismatch.js';
import { loadServedModel, type ServedModel } from './served.js';
import { HistoryReloader } from './historyReload.js';
import { clipText, MAX_MESSAGE_TEXT } from '../../mlpipe/clipText.js';
import { plainIssue } from '../../protocol/plainIssue.js';

export interface ServeOptions {
  /** Default: the serve block's port (0 = any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Folder holding `.mlpipe/` (default: the pipeline's project root). */
  root?: string;
  /** Overrides the serve block's model (`name@stage`). */
  model?: string;
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Most rows per request (default 10,000). */
  maxRows?: number;
  log?: LogOptions;
  /** Overrides the serve block's `log_predictions`. */
  logPredictions?: boolean;
  /** A history table reloaded after its file changed, or a change that could not be read: one line. */
  onHistory?: (line: string) => void;
}

export interface Serving {
  url: string;
  served: ServedModel;
  /** The prediction log (its writer and the scheduled drift evaluations run in a worker thread). */
  log: LogWorker | null;
  /** On-demand drift evaluation, recording alerts as a scheduled one does. */
  monitor: { window: number; evaluate(): Promise<DriftReport> } | null;
  retrainer: Retrainer | null;
  metrics: ServingMetrics;
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/**
 * How long an idle connection is kept for the client's next request: Fastify's own default,
 * which it sets only on a server it creates, so with `serverFactory` Node's 5 s applied. A proxy
 * in front keeps its connections longer (AWS's load balancers 60 s, nginx's upstream keepalive
 * 60 s) and sent requests on connections the server was closing: intermittent 502s, and a
 * Python `requests.Session` posting every few seconds got "Remote end closed connection".
 */
export const KEEP_ALIVE_MS = 72_000;
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'] as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/**
 * A text/csv body as its parser hands it on, told apart by its class: the parser matched the
 * media type in any case (`Text/CSV`), and a JSON body can never be one. Only /invocations reads it.
 */
class CsvBody {
  constructor(readonly text: string) {}
}

function bodyOf(message: string, details: ErrorDetail[] = []): ErrorBody {
  const long = (d: ErrorDetail) => d.problem.length > MAX_MESSAGE_TEXT || (d.field?.length ?? 0) > MAX_MESSAGE_TEXT;
  return { error: clipText(message), details: details.some(long) ? details.map((d) => ({ ...d, field: d.field === null ? null : clipText(d.field), problem: clipText(d.problem) })) : details };
}

type ZodIssue = z.core.$ZodIssue;
/** Issues carry the value they refused, so `plainIssue` can name what was sent. */
const REPORT_INPUT = { reportInput: true } as const;
/** How far into the body an issue reached: its path, and the furthest branch of a union. */
const issueDepth = (i: ZodIssue): number => i.path.length + (i.code === 'invalid_union' ? Math.max(0, ...i.errors.flatMap((b) => b.map(issueDepth))) : 0);

/**
 * The issues with each failed union replaced by those of the one branch that got furthest into
 * the body (`{"inputs": {"plan": "basic"}}` is a dict of columns, so say its column is not a
 * list); a union whose branches all failed at the same place keeps its own message.
 */
function closestIssues(issues: readonly ZodIssue[]): ZodIssue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i];
    const depths = i.errors.map((b) => Math.max(0, ...b.map(issueDepth)));
    const furthest = Math.max(...depths);
    if (depths.filter((d) => d === furthest).length > 1) return [i];
    return closestIssues(i.errors[depths.indexOf(furthest)].map((b) => ({ ...b, path: [...i.path, ...b.path] })));
  });
}

/** zod issues as row/field details; `rowsAt` is where the rows array sits in the body. */
function zodDetails(error: z.ZodError, rowsAt: string): ErrorDetail[] {
  return closestIssues(error.issues).slice(0, 100).map((i) => {
    const path = i.path.map(String);
    const inRows = path[0] === rowsAt && path.length >= 2 && /^[0-9]+$/.test(path[1]);
    return {
      row: inRows ? Number(path[1]) : null,
      field: inRows ? (path[2] ?? null) : path.length ? path.join('.') : null,
      problem: i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}` : plainIssue(i),
    };
  });
}

/**
 * A body its schema refused: the shape it must have and its first problem, since most clients
 * (curl, SDKs) show only `error`, and the shape alone hides a wrong value in a right shape.
 */
function bodyRefused(shape: string, error: z.ZodError, rowsAt: string): HttpError {
  const details = zodDetails(error, rowsAt);
  const first = details[0];
  const where = first ? [first.row === null ? '' : `row ${first.row}`, first.field === null ? '' : `'${first.field}'`].filter(Boolean).join(', ') : '';
  return new HttpError(400, `the body must be ${shape}${first ? `: ${where ? `${where}: ` : ''}${first.problem}` : ''}`, details);
}

/**
 * A body JSON.parse refused. NaN and Infinity are what Python's json.dumps writes for a pandas
 * frame's missing and infinite numbers (MLflow's clients send them): say what to send instead.
 */
function invalidJson(e: Error, text: string): HttpError {
  if (text.trim() === '') return new HttpError(400, 'the body is empty: send a JSON object');
  const nonJson = /^(Unexpected token '[NI]'|No number after minus sign)/.test(e.message) && /\b(NaN|Infinity)\b/.test(text);
  return new HttpError(400, `the body is not valid JSON: ${e.message}${nonJson ? '; NaN and Infinity are not JSON (Python\'s json.dumps writes them): send null for a missing value' : ''}`);
}

/**
 * The text without a leading byte order mark, which RFC 8259 lets a reader ignore and Windows
 * editors and PowerShell write: JSON.parse would refuse it with an invisible character.
 */
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * A body's text, read as UTF-8 strictly, as data files are: decoded leniently, a Latin-1 'nörth'
 * became 'n\uFFFDrth', an unseen category scored without a word, where `mlpipe score` refuses
 * the same bytes.
 */
export function utf8Body(body: Buffer): string {
  // Most bodies are ASCII: one scan and a one-byte string (Latin-1 reads ASCII bytes as UTF-8
  // does), where the UTF-8 check and decode scanned twice (~1,580 → ~1,380 instructions for
  // the bench's 130-byte bodies).
  if (isAscii(body)) return body.toString('latin1');
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    throw new HttpError(400, `the body is not UTF-8 text (byte 0x${body[at]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${at}): ${encodingHint(body, true)}`);
  }
  return body.toString('utf8');
}

/** The charset a content type names, lower case, or undefined. */
function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1].toLowerCase();
}

/**
 * The charsets a body is read under, as UTF-8: UTF-8's names, and US-ASCII's (every ASCII body is
 * UTF-8), by its IANA name and the aliases clients write: `ascii` (Python's codec name) and
 * `ansi_x3.4-1968` (what glibc's C/POSIX locale names its charset, so a client taking the
 * locale's encoding sends it). They were refused with 415 although the body read the same. The
 * one rule for every route: the /predict fast path takes only a bare `application/json` and
 * hands any content type with parameters to the routes, so it reads no charset itself.
 */
const UTF8_CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', 'csascii']);

function checkCharset(contentType: string): void {
  if (!contentType.includes(';')) return; // no parameters, so no charset: the common case
  const cs = charsetOf(contentType);
  if (cs !== undefined && !UTF8_CHARSETS.has(cs)) throw new HttpError(415, `charset '${cs}' is not supported: send UTF-8 (or US-ASCII)`);
}

/**
 * RFC 4180's `header=absent` says the body's first line is a row, while the CSV reader takes it as
 * the column names: such a body was refused with its first row's values as unknown fields
 * (`unknown field '12.5'`), or, of one row, as a header without rows.
 */
function checkCsvHeader(contentType: string): void {
  if (/;\s*header\s*=\s*"?absent"?\s*(;|$)/i.test(contentType))
    throw new HttpError(415, "a CSV body without a header line (header=absent) is not supported: send the column names as the body's first line (header=present)");
}

/** A compressed body would be parsed as text and rejected as bad JSON: say what is wrong instead. */
function checkEncoding(headers: IncomingHttpHeaders): void {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined) {
    const e = encoding.trim().toLowerCase();
    if (e !== '' && e !== 'identity') throw new HttpError(415, `content encoding '${encoding}' is not supported: send the body uncompressed`);
  }
  // Node's parser takes a transfer coding only before a final 'chunked', and undoes only that:
  // a 'gzip, chunked' body reached the parsers still compressed.
  const transfer = headers['transfer-encoding'];
  if (transfer !== undefined && transfer.split(',').some((c) => c.trim().toLowerCase() !== 'chunked')) {
    throw new HttpError(415, `transfer encoding '${transfer}' is not supported: send the body uncompressed (chunked alone is read)`);
  }
}

/**
 * True when `body` is a `{"rows": [...]}` that `predictRequest` accepts unchanged, checked by hand:
 * the common case skips zod (a tenth of a request's CPU). Anything else, valid or not, goes
 * through zod, so every rejection keeps zod's details. Exported for the tests and bench of
 * `BodyRowsReader`, which must read only bodies this takes.
 */
export function isPlainPredictRequest(body: unknown): body is PredictRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const rows = (body as { rows?: unknown }).rows;
  if (!Array.isArray(rows) || rows.length === 0) return false;
  for (const k in body) if (k !== 'rows') return false;
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row) || Object.getPrototypeOf(row) !== Object.prototype) return false;
    for (const k in row) {
      if (k === '__proto__') return false;
      const v: unknown = (row as Record<string, unknown>)[k];
      if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) return false;
    }
  }
  return true;
}

const INVOCATION_SHAPES = 'dataframe_records, dataframe_split, instances or inputs';

/**
 * Why a body is none of MLflow's shapes, told for the shape it names: a list of value lists
 * (MLflow's docs send `{"inputs": [[1, 2]]}`) has no column names for this model's fields.
 */
function invocationsRefusal(body: unknown, fields: readonly string[]): HttpError {
  // The problem in `error` too: most clients (curl, SDKs) show only that.
  const refuse = (problem: string): HttpError => new HttpError(400, `the body must hold one of ${INVOCATION_SHAPES} (MLflow scoring format): ${problem}`, [{ row: null, field: null, problem }]);
  if (Array.isArray(body)) return refuse('the body is a bare list (MLflow 1\'s pandas-records): send it as {"dataframe_records": […]}');
  if (body === null || typeof body !== 'object') return refuse(`the body is ${body === null ? 'null' : `a ${typeof body}`}, not an object`);
  const keys = Object.keys(body);
  const named = keys.filter((k): k is keyof typeof invocationsShapes => Object.hasOwn(invocationsShapes, k));
  // pandas' to_json(orient='split'), which MLflow 1 took as pandas-split: the same frame, unwrapped.
  if (named.length === 0 && keys.includes('columns') && keys.includes('data')) {
    return refuse('the body is a split frame (pandas\' orient=\'split\', MLflow 1\'s pandas-split): send it as {"dataframe_split": {"columns": […], "data": […]}}');
  }
  if (named.length !== 1) return refuse(named.length > 1 ? `it holds ${named.join(' and ')}: send one` : `it holds ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'no key'}`);
  const key = named[0];
  const rows: unknown = (body as Record<string, unknown>)[key];
  if (key !== 'dataframe_split' && Array.isArray(rows) && rows.some(Array.isArray)) {
    return new HttpError(
      400,
      `${key} holds lists of values without column names: send each row as an object {column: value, …} (the model reads ${fields.map((f) => `'${f}'`).join(', ')}), or dataframe_split with its columns`,
    );
  }
  const parsed = invocationsShapes[key].safeParse(body, REPORT_INPUT);
  return new HttpError(400, `the body's ${key} is not in MLflow's scoring format`, parsed.success ? [] : zodDetails(parsed.error, key).slice(0, 20));
}

/** MLflow's input shapes as rows. */
function rowsOfInvocation(body: InvocationsRequest): RequestRow[] {
  if ('dataframe_records' in body) return body.dataframe_records;
  if ('instances' in body) return body.instances;
  if ('dataframe_split' in body) {
    const { columns, data } = body.dataframe_split;
    try {
      // Two values for one field would keep the last silently: the data layer's rule for a header.
      validateHeader(columns, 'dataframe_split.columns', false);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      const problem = e.message.slice(describeLocation(e).length + 2);
      throw new HttpError(400, `dataframe_split.columns: ${problem}`, [{ row: null, field: e.column ?? null, problem }]);
    }
    return data.map((values, r) => {
      if (values.length !== columns.length) throw new HttpError(400, 'dataframe_split rows must have one value per column', [{ row: r, field: null, problem: `${values.length} values for ${columns.length} columns` }]);
      return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
    });
  }
  const inputs = body.inputs;
  if (Array.isArray(inputs)) return inputs;
  const columns = Object.keys(inputs);
  const n = inputs[columns[0]].length;
  // Each column of another length named, as a dataframe_split row of the wrong width is: the
  // refusal gave no detail, so a client could not tell which column was short.
  const uneven = columns.filter((c) => inputs[c].length !== n);
  if (uneven.length) {
    const problem = (c: string) => `${inputs[c].length} value${inputs[c].length === 1 ? '' : 's'}, where '${columns[0]}' has ${n}`;
    throw new HttpError(400, `inputs columns must all have the same length: '${uneven[0]}' has ${problem(uneven[0])}`, uneven.map((c) => ({ row: null, field: c, problem: problem(c) })));
  }
  return Array.from({ length: n }, (_, r) => Object.fromEntries(columns.map((c) => [c, inputs[c][r]])));
}

function rowsOfCsv(text: string): RequestRow[] {
  let parsed;
  try {
    // The header is judged before the rows, as a file's is: a UTF-16 body without a byte-order
    // mark was refused for its last line's field count instead of by its NUL bytes.
    parsed = parseCsv(text, 'request body', (header) => validateHeader(header, 'request body'));
  } catch (e) {
    // The parser's place (line, column) in details too, as other refusals of a body carry theirs.
    const details = e instanceof DataError ? [{ row: null, field: e.column ?? null, problem: withoutFile(e) }] : [];
    throw new HttpError(400, `the CSV body cannot be read: ${(e as Error).message}`, details);
  }
  if (parsed.rows.length === 0) throw new HttpError(400, 'the CSV body has a header but no rows: send at least one row');
  return parsed.rows.map((cells, r) => {
    if (cells.length !== parsed.header.length) throw new HttpError(400, 'CSV rows must have one value per column', [{ row: r, field: null, problem: `${cells.length} values for ${parsed.header.length} columns` }]);
    return Object.fromEntries(parsed.header.map((h, i) => [h, isMissing(cells[i]) ? null : cells[i]]));
  });
}

/** The status the error handler answers an error with. */
function errorStatus(error: FastifyError | HttpError): number {
  if (error instanceof HttpError) return error.status;
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 413;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 415;
  const status = (error as FastifyError).statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : 500;
}

/**
 * True when the request has more than one Host line: Node keeps the first and drops the rest, and
 * RFC 9112 3.2 has such a request refused (a proxy in front may have routed it by another one).
 */
function repeatedHost(raw: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    // By character codes: toLowerCase made a string of every request's Host header.
    if (name.length === 4 && (name.charCodeAt(0) | 0x20) === 0x68 && (name.charCodeAt(1) | 0x20) === 0x6f && (name.charCodeAt(2) | 0x20) === 0x73 && (name.charCodeAt(3) | 0x20) === 0x74) {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

/** An error answered before Fastify sees the request, in the documented shape; the connection closes. */
function refuseRaw(res: ServerResponse, status: number, message: string): void {
  const json = JSON.stringify(bodyOf(message));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), connection: 'close' }).end(json);
}

/** Starts serving the model a pipeline's serve block names; resolves once listening. */
export async function startServing(pipeline: string | ServedModel, options: ServeOptions = {}): Promise<Serving> {
  const served = typeof pipeline === 'string' ? await loadServedModel(pipeline, { root: options.root, model: options.model }) : pipeline;
  const scorer = new Scorer(served);
  const logging = options.logPredictions ?? served.config.logPredictions;
  // The reader opens (and checks the format of) the file first, so a log from a newer mlpipe
  // fails here with its one line, before any thread starts.
  const reader = logging ? new LogReader(served.root) : null;
  const spec = monitorSpec(served);
  let retrainer: Retrainer | null = null;
  const log = reader
    ? new LogWorker(
        served.root,
        options.log ?? {},
        spec,
        { pipeline: served.pipelineName, model: served.name, version: served.version, names: scorer.valueNames, categories: scorer.valueCategories },
        {
          onAlert: (a) => (retrainer ? retrainer.trigger(a.id, a.target) : null),
          // Called from the thread's messages, so after metrics below exists.
          onReport: (targets) => metrics.recordDrift(targets),
        },
      )
    : null;
  const metrics = new ServingMetrics(log);
  // Every alert of this pipeline, whatever on_drift now says: a retrain left unfinished by a
  // killed server was started under the old setting.
  if (log && reader) {
    const alerts = listAlerts(reader, served.pipelineName, Number.MAX_SAFE_INTEGER);
    settleUnfinishedRetrains(alerts, (started) => retrainRuns(served.root, served.pipelineName, started), (id, action) => log.setAlertAction(id, action));
  }
  if (log && served.config.monitor.onDrift === 'retrain') retrainer = new Retrainer(served.file, served.root, (id, action) => log.setAlertAction(id, action), served.sources, served.name);
  const monitor = log ? { window: spec.window, evaluate: () => log.evaluate() } : null;
  const maxRows = options.maxRows ?? 10_000;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const model = { name: served.name, version: served.version };
  const started = Date.now();
  const histories = new HistoryReloader(served, options.onHistory ?? (() => undefined));

  // What is refused before any route (not HTTP, headers over the limit, too slow, no Host, an
  // unknown Expect, CONNECT) is counted too, or a wave of them (slowloris' 408s) never showed.
  const unrouted = (status: number) => metrics.requests.inc('unmatched', status);
  // POST /predict's common case is answered in front of Fastify (fastPredict.ts); set below.
  let fast: FastPredict | null = null;
  // What to do, not only what is wrong: a client of a server it does not run splits its rows; 10,000
  // churn rows are 1.3 MB, so the row cap alone never told it.
  // A feedback body holds labels: told to send its "rows" in smaller requests, a client looked for rows.
  const tooLarge = (path: string) =>
    `the body is larger than ${bodyLimit} bytes: send the ${path === '/feedback' ? 'labels' : 'rows'} in smaller requests (or start mlpipe serve with a larger --body-limit)`;
  /** Every request, once Node has read its headers: the Host rule, then the fast path or Fastify. */
  const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void, req: IncomingMessage, res: ServerResponse): void => {
    if (req.headers.host === undefined ? req.httpVersionMajor === 1 && req.httpVersionMinor >= 1 : repeatedHost(req.rawHeaders)) {
      unrouted(400);
      refuseRaw(res, 400, `an HTTP/1.1 request must have ${req.headers.host === undefined ? 'a' : 'one'} Host header (RFC 9112)`);
      return;
    }
    if (fast === null || !takePredict(fast, req, res)) handler(req, res);
  };
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit,
    return503OnClosing: false,
    serverFactory: (handler) =>
      // Node answers an HTTP/1.1 request without Host with a bare 400 of its own; the check is
      // made below instead, so that refusal has the documented body too.
      Object.assign(createServer({ requireHostHeader: false }, (req: IncomingMessage, res: ServerResponse) => serve(handler, req, res)), {
        keepAliveTimeout: KEEP_ALIVE_MS,
      })
        .on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
          // A body announced over the limit is refused before it is sent (RFC 9110 10.1.1): after
          // Node's automatic '100 Continue' the client (curl, for any body over 1 MiB) uploaded it
          // all for the 413. Told no, the client does not send it, so the connection closes.
          if (req.method === 'POST' && Number(req.headers['content-length']) > bodyLimit) {
            const path = (req.url ?? '').split('?')[0];
            metrics.requests.inc(wrongMethods.has(path) ? path : 'unmatched', 413);
            refuseRaw(res, 413, tooLarge(path));
            return;
          }
          res.writeContinue();
          serve(handler, req, res);
        })
        .on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
          // Node's own 417 has no body; 'Expect: 100-continue' never gets here.
          unrouted(417);
          refuseRaw(res, 417, `the Expect header '${req.headers.expect}' is not supported: only 100-continue is`);
        })
        .on('connect', (req: IncomingMessage, socket: Duplex) => {
          // Without a listener Node drops a CONNECT's connection without a word.
          const json = JSON.stringify(bodyOf(`no route CONNECT ${req.url}: this server is not a proxy; see GET /metadata`));
          unrouted(404);
          if (socket.writable) socket.write(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
          socket.end();
        }),
    // What Node's HTTP parser refuses before any route (a header block over its limit, a request
    // that is not HTTP) is answered in the documented error shape too, not Fastify's own.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, `the request's headers are larger than ${maxHeaderSize} bytes`]
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'the request did not arrive in time']
            : [400, `the request is not valid HTTP: ${err.message.replace(/^Parse Error: /, '').split('\n')[0]}`];
      const json = JSON.stringify(bodyOf(message));
      if (socket.writable) unrouted(status);
      if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
      socket.destroy();
    },
  });
  app.removeAllContentTypeParsers();
  // When the body was read (performance.now()), stamped by the body parsers: the start of the
  // parse phase and of a logged prediction's latency. Fastify's reply.elapsedTime stays 0
  // without a logger or an onResponse hook, and a hook of ours would cost more than the stamp.
  app.decorateRequest('bodyAt', 0);
  // The JSON text, which the prediction log keeps for /predict's rows.
  app.decorateRequest('bodyText', undefined);
  // A body the parsers below refuse is handed on as its HttpError and thrown by the route: an
  // error from a parser makes Fastify close the connection (for a body it may not have read),
  // and these bodies were read whole, so the connection serves the next request, as the /predict
  // fast path's refusals do (a request pipelined behind a bad body was dropped unanswered).
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    (req as FastifyRequest & { bodyAt: number }).bodyAt = performance.now();
    let text = '';
    try {
      checkEncoding(req.headers);
      checkCharset(req.headers['content-type'] ?? '');
      text = withoutBom(utf8Body(body as Buffer));
      (req as FastifyRequest & { bodyText: string }).bodyText = text;
      done(null, JSON.parse(text));
    } catch (e) {
      done(null, e instanceof HttpError ? e : invalidJson(e as Error, text));
    }
  });
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (req, body, done) => {
    (req as FastifyRequest & { bodyAt: number }).bodyAt = performance.now();
    try {
      checkEncoding(req.headers);
      checkCharset(req.headers['content-type'] ?? '');
      checkCsvHeader(req.headers['content-type'] ?? '');
      done(null, new CsvBody(utf8Body(body as Buffer)));
    } catch (e) {
      if (e instanceof HttpError) done(null, e);
      else done(e as Error, undefined);
    }
  });

  // Requests are counted where their answer is chosen (handlers, the error and not-found
  // handlers) rather than in onRequest/onResponse hooks, which cost more than scoring a row.
  const count = (req: FastifyRequest, status: number) => metrics.requests.inc(req.routeOptions.url ?? 'unmatched', status);
  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    const status = errorStatus(error);
    // A client gone mid-body gets no answer, so none is counted (the fast path counts none either;
    // each such client was a /predict 400 in /metrics).
    if (!req.raw.socket?.destroyed) count(req, status);
    if (error instanceof HttpError) return reply.code(status).send(bodyOf(error.message, error.details));
    if (status === 413) {
      // Fastify asks to close the connection, and Node then resets it with the body unread: a
      // client still sending (Python's urllib) gets a broken pipe instead of this answer. Kept
      // open, Node reads the rest of the body off the wire and discards it.
      const body = bodyOf(tooLarge(req.routeOptions.url ?? req.url.split('?')[0]));
      if (reply.raw.shouldKeepAlive) {
        reply.header('connection', 'keep-alive');
        return reply.code(413).send(body);
      }
      // The client asked to close (Connection: close, which urllib sends, or HTTP/1.0): answering
      // keep-alive broke that (RFC 9112 9.6) and held the connection 5 s. Say close, read the
      // rest of the body, then close: closed with the body unread, the connection is reset.
      reply.hijack();
      const socket = req.raw.socket;
      const json = JSON.stringify(body);
      socket.end(`HTTP/1.1 413 ${STATUS_CODES[413]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
      if (req.raw.readableEnded) socket.destroySoon();
      else req.raw.once('end', () => socket.destroySoon()).resume();
      return;
    }
    if (status === 415) {
      const type = req.headers['content-type'];
      return reply.code(415).send(bodyOf(`${type === undefined ? 'the request has no content type' : `content type '${type}' is not supported`}: send application/json (or text/csv to /invocations)`));
    }
    if (status < 500) return reply.code(status).send(bodyOf(error.message.split('\n')[0]));
    // A bug, not the client's fault: one line, no stack.
    return reply.code(500).send(bodyOf(`internal error: ${error.message.split('\n')[0]}`));
  });
  // Each route's answer to a method it does not take; also what the not-found handler answers
  // for a method no route is declared with (TRACE, PROPFIND): the resource exists, so 405, not 404.
  const wrongMethods = new Map<string, (reply: FastifyReply) => FastifyReply>();
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const wrong = wrongMethods.get(path);
    if (wrong) return wrong(reply);
    count(req, 404);
    return reply.code(404).send(bodyOf(`no route ${req.method} ${path}: see GET /metadata`));
  });

  const route = (method: 'GET' | 'POST', url: string, handler: (req: FastifyRequest, reply: FastifyReply) => unknown): void => {
    app.route({
      method,
      url,
      // Synchronous where the handler is (Fastify sends a plain return value and routes a
      // throw to the error handler, as it does a rejection), saving a microtask per request.
      handler: (req: FastifyRequest, reply: FastifyReply) => {
        if (req.body instanceof HttpError) throw req.body;
        // Without a body Fastify runs no parser: say so, one way on every route (this was a 415
        // on /predict, 'the body is a undefined' on /invocations, zod's words on /feedback).
        if (method === 'POST' && req.body === undefined) throw new HttpError(400, `the request has no body: POST ${url} takes ${url === '/invocations' ? 'application/json or text/csv' : 'application/json'}`);
        const out = handler(req, reply);
        if (out instanceof Promise) {
          return out.then((v: unknown) => {
            metrics.requests.inc(url, 200);
            return v;
          });
        }
        // The route's url, as req.routeOptions.url gives it (that getter builds an object per call).
        metrics.requests.inc(url, 200);
        return out;
      },
    });
    const others = ALL_METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'));
    const wrong = (reply: FastifyReply) => {
      metrics.requests.inc(url, 405);
      reply.header('allow', method === 'GET' ? 'GET, HEAD' : method);
      return reply.code(405).send(bodyOf(`${url} takes ${method} only`));
    };
    wrongMethods.set(url, wrong);
    app.route({ method: [...others], url, handler: (_req, reply) => wrong(reply) });
  };

  /**
   * Scores validated rows, logs them, and returns the predictions and ids. `body`: the JSON
   * text whose `rows` these are, unchanged, or its UTF-8 bytes as received (the log keeps those
   * instead of the objects). `rows` null: the one row `scorer.slots` holds, read from `body`
   * (which is then given).
   */
  const score = (rows: RequestRow[] | null, receivedAt: number, body?: string | Uint8Array) => {
    const n = rows === null ? 1 : rows.length;
    if (n > maxRows) throw new HttpError(400, `at most ${maxRows} rows per request, got ${n}`);
    const t0 = performance.now();
    const bodyAt = receivedAt || t0;
    metrics.observe(PHASE.parse, (t0 - bodyAt) / 1000);
    const outcome = rows === null ? scorer.scoreSlots(t0) : scorer.scoreRequests(rows, t0);
    if (!outcome.ok) {
      const n = outcome.details.length;
      throw new HttpError(400, `${n} problem${n > 1 ? 's' : ''} in the rows: ${outcome.details[0].problem}${n > 1 ? '; …' : ''}`, outcome.details.slice(0, 100));
    }
    const s = outcome.scored;
    metrics.observe(PHASE.features, s.featureSeconds);
    metrics.observe(PHASE.inference, s.inferenceSeconds);
    metrics.predictions.inc(s.rows);
    const predictions = new Array<ReturnType<Scorer['prediction']>>(s.rows);
    for (let r = 0; r < s.rows; r++) predictions[r] = scorer.prediction(s.out, r);
    const ids = new Array<PredictionId | null>(s.rows);
    // A loop, not ids.fill(null): Array.prototype.fill is a call into C++ (~200 instructions a request).
    if (!log) for (let r = 0; r < s.rows; r++) ids[r] = null;
    else {
      // The clock read as the network finished, one read fewer: the log phase and a logged
      // latency's end now also hold the few steps above (metrics, the predictions' values).
      const t1 = s.doneAt;
      const latencyUs = Math.round((t1 - bodyAt) * 1000);
      for (let r = 0; r < s.rows; r++) {
        const id = log.nextId();
        // Without rows, the log reads the row from `body`, as it does with them. Logged at t1
        // (the log turns it into wall time per batch): a Date.now() here was one more clock read
        // a request, ~0.4 µs on this VM's kvm-clock.
        const at = log.add(id, t1, latencyUs, rows === null ? null : rows[r], predictions[r], body, r);
        if (at < 0) {
          ids[r] = null;
          continue;
        }
        scorer.code(s, r, log.codes, at);
        ids[r] = id;
      }
      metrics.observe(PHASE.log, (performance.now() - t1) / 1000);
    }
    return { predictions, ids };
  };

  /** A parsed /predict body's predictions and ids (throws HttpError for a bad one); `text` is the body's JSON text. */
  const predict = (body: unknown, bodyAt: number, text: string | undefined) => {
    if (isPlainPredictRequest(body)) return score(body.rows, bodyAt, text);
    const parsed = predictRequest.safeParse(body, REPORT_INPUT);
    if (!parsed.success) throw bodyRefused('{"rows": [{column: value, …}, …]}', parsed.error, 'rows');
    // zod's output, not the text, is what was scored.
    return score(parsed.data.rows, bodyAt);
  };
  const bodyTextOf = (req: FastifyRequest) => (req as FastifyRequest & { bodyText: string | undefined }).bodyText;
  const bodyAtOf = (req: FastifyRequest) => (req as FastifyRequest & { bodyAt: number }).bodyAt;

  route('POST', '/predict', (req) => {
    if (!req.headers['content-type']?.toLowerCase().startsWith('application/json')) throw new HttpError(415, '/predict takes application/json');
    const { predictions, ids } = predict(req.body, bodyAtOf(req), bodyTextOf(req));
    return { predictions, ids, model };
  });

  const modelJson = JSON.stringify(model);
  const modelAscii = isAsciiText(modelJson);
  const bodyRows = new BodyRowsReader();
  const slotKeys = scorer.slotKeys;
  fast = {
    bodyLimit,
    // What the JSON parser, the route and the error handler above answer, in the same bytes.
    answer(bytes: Buffer, bodyAt: number): Answer {
      let a: Answer;
      try {
        const text = withoutBom(utf8Body(bytes));
        // The common body's one row read from its bytes into the features' slots, else its rows
        // as objects; any other body is parsed as before.
        let rows: RequestRow[] | null = null;
        let scored: ReturnType<typeof score>;
        // The log copies the body's bytes, checked above, rather than encoding its text again.
        if (slotKeys !== null && bodyRows.readSlots(bytes, text, slotKeys, scorer.slots)) scored = score(null, bodyAt, bytes);
        else if ((rows = bodyRows.read(bytes, text)) !== null) scored = score(rows, bodyAt, bytes);
        else {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch (e) {
            throw invalidJson(e as Error, text);
          }
          scored = predict(body, bodyAt, text);
        }
        a = predictAnswer(scored.predictions, scored.ids, modelJson, modelAscii);
      } catch (e) {
        a =
          e instanceof HttpError
            ? { status: e.status, json: JSON.stringify(bodyOf(e.message, e.details)), bytes: -1 }
            : { status: 500, json: JSON.stringify(bodyOf(`internal error: ${(e as Error).message.split('\n')[0]}`)), bytes: -1 };
      }
      metrics.requests.inc('/predict', a.status);
      return a;
    },
  };

  route('POST', '/invocations', (req, reply) => {
    const body = req.body as unknown;
    let rows: RequestRow[];
    if (body instanceof CsvBody) {
      rows = rowsOfCsv(body.text);
    } else {
      const parsed = invocationsRequest.safeParse(body, REPORT_INPUT);
      if (!parsed.success) throw invocationsRefusal(body, scorer.fields.map((f) => f.column));
      rows = rowsOfInvocation(parsed.data);
    }
    return { predictions: score(rows, bodyAtOf(req)).predictions };
  });

  route('GET', '/health', () => ({
    status: 'ok',
    model,
    uptimeSeconds: (Date.now() - started) / 1000,
    log: log ? ({ written: log.written, dropped: log.dropped, queued: log.depth, lastError: log.lastError } satisfies LogHealth) : null,
    history: histories.health,
  }));

  const plan = served.run.plan;
  // Fields read only as a window's as_of take every time form, whatever the training cells were.
  const timeFields = new Set<string>();
  for (const id of timeOnlyColumns(plan)) {
    const node = plan.nodes[id];
    if (node.kind === 'column') timeFields.add(node.column);
  }
  const categories = learnedFieldCategories(plan, served.run.state);
  const metadata: MetadataResponse = {
    pipeline: served.pipelineName,
    model: served.name,
    version: served.version,
    stage: served.stage,
    runId: served.runId,
    weightsHash: served.weightsHash,
    task: served.run.meta.task,
    ...(served.run.meta.labels ? { labels: served.run.meta.labels } : {}),
    ...(served.run.meta.task === 'binary' && served.run.meta.labels?.length === 2 ? { positive: served.run.meta.labels[1] } : {}),
    inputs: scorer.fields.map((f) => {
      // Own entries only, as /predict reads them: a column named 'constructor' has no inherited default.
      // A missing-text default ("NA") fills nothing: the field gets training's fill, or is required.
      const given = Object.hasOwn(served.config.defaults, f.column) && !fillsNothing(served.config.defaults[f.column]);
      const type = timeFields.has(f.column) ? 'time' : (served.run.state.columns[f.column] ?? 'string');
      const d = given ? (type === 'time' ? served.config.defaults[f.column] : defaultAsRead(f.column, served.config.defaults[f.column], type === 'number')) : f.absentAs;
      return {
        name: f.column,
        type,
        optional: f.covered || given,
        ...(d !== undefined ? { default: d } : {}),
        ...(categories.has(f.column) ? { categories: categories.get(f.column) } : {}),
        features: f.features,
      };
    }),
    features: [...new Set(served.run.plan.outputs.map((o) => o.feature))],
  };
  route('GET', '/metadata', () => metadata);

  route('POST', '/feedback', (req) => {
    if (req.body instanceof CsvBody) throw new HttpError(415, '/feedback takes application/json');
    if (!log) throw new HttpError(409, 'prediction logging is off (log_predictions = false): there is nothing to attach labels to');
    const parsed = feedbackRequest.safeParse(req.body, REPORT_INPUT);
    if (!parsed.success) throw bodyRefused('{"labels": [{"id": …, "label": …}, …]}', parsed.error, 'labels');
    // All or nothing: a request with a label the model cannot take records none of its labels.
    const details: ErrorDetail[] = [];
    const labels = parsed.data.labels.map((l, row) => {
      const read = readFeedbackLabel(spec.task, spec.labels, l.label);
      if (read.problem !== undefined) details.push({ row, field: 'label', problem: read.problem });
      return { id: l.id, label: read.label ?? '' };
    });
    if (details.length) throw new HttpError(400, `${details.length} label${details.length > 1 ? 's' : ''} the model cannot take: ${details[0].problem}; nothing was recorded`, details.slice(0, 100));
    const once = oneLabelPerId(labels);
    if (once.details.length) {
      const n = once.details.length;
      throw new HttpError(400, `${n} prediction${n > 1 ? 's' : ''} given two different labels: ${once.details[0].problem}; nothing was recorded`, once.details.slice(0, 100).map((d) => ({ ...d, field: 'label' })));
    }
    return log.feedback(once.labels).then((unknown) => ({ accepted: once.labels.length - unknown.length, unknown }));
  });

  route('GET', '/drift', async () => {
    if (!log || !reader) throw new HttpError(409, 'prediction logging is off (log_predictions = false): drift is measured on logged predictions');
    await log.flush();
    const report = driftReport(spec, reader);
    metrics.recordDrift(report.targets);
    return report;
  });

  route('GET', '/predictions', async (req): Promise<PredictionsPage> => {
    if (!log || !reader) throw new HttpError(409, 'prediction logging is off (log_predictions = false): there are no logged predictions');
    const query = (req.query ?? {}) as Record<string, unknown>;
    const parsed = predictionsQuery.safeParse(query, REPORT_INPUT);
    if (!parsed.success) {
      // A parameter given twice (?after=1&after=2) is a list to Fastify's query parser: say
      // that, not zod's 'expected string, received array'.
      const repeated = (i: (typeof parsed.error.issues)[number]) => {
        const v = i.path.length === 1 ? query[String(i.path[0])] : undefined;
        return Array.isArray(v) ? `is given ${v.length} times: give it once` : undefined;
      };
      const details = parsed.error.issues.slice(0, 20).map((i) => ({
        row: null,
        field: i.path.length ? i.path.join('.') : null,
        problem: i.code === 'unrecognized_keys' ? `unknown parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}` : (repeated(i) ?? plainIssue(i)),
      }));
      throw new HttpError(400, `bad query: ${details[0].field ? `'${details[0].field}' ` : ''}${details[0].problem}; use ?after=<cursor>&limit=<1..${MAX_PREDICTIONS_PAGE}>`, details);
    }
    const q = parsed.data;
    await log.flush();
    const page = reader.page({
      after: q.after === undefined ? 0 : Number(q.after),
      limit: Math.min(q.limit === undefined ? 100 : Number(q.limit), MAX_PREDICTIONS_PAGE),
      ...(q.version === undefined ? { pipeline: served.pipelineName } : { model: served.name, version: Number(q.version) }),
    });
    return {
      predictions: page.rows.map((r) => ({
        seq: r.seq,
        id: r.id,
        at: new Date(r.ts).toISOString(),
        model: { name: r.model, version: r.version },
        inputs: r.inputs,
        features: r.features,
        prediction: r.prediction as Prediction,
        latencyUs: r.latencyUs,
      })),
      next: page.next,
    };
  });

  route('GET', '/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const port = options.port ?? served.config.port;
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port, host });
  } catch (e) {
    // Nothing it started may keep the process alive: the log's thread, the retrainer, the reader.
    histories.close();
    log?.quiet();
    retrainer?.stop();
    await app.close().catch(() => undefined);
    await log?.close().catch(() => undefined);
    reader?.close();
    throw e;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  let closed = false;
  return {
    url,
    served,
    log,
    monitor,
    retrainer,
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      histories.close();
      await app.close();
      // No new evaluation or retrain from the last flush; a retrain already running finishes
      // and records its outcome before the log closes.
      log?.quiet();
      retrainer?.stop();
      await retrainer?.last?.catch(() => undefined);
      await log?.close().catch(() => undefined);
      reader?.close();
    },
  };
}
