/**
 * What real clients send: MLflow's scoring shapes as pandas and MLflow's own clients write them,
 * and HTTP a browser, a proxy or a broken client sends. Each refusal is the documented
 * `{"error", "details"}` and says what is wrong with the shape the client meant.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { errorBody, metadataResponse, type InputField } from '../../../server/protocol/serving.js';
import { readExposition } from './exposition.js';
import { get, parityOf, post, trainedChurn, type Project } from './project.js';

const ROW = { customer_id: 'C00001', snapshot_at: '2025-06-01', tenure_days: 120, plan: 'basic', monthly_charges: 30.5 };
const COLUMNS = Object.keys(ROW);

/** Writes `request` on a fresh socket and returns what came back once the server closed it. */
function rawHttp(url: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8').on('data', (c: string) => (text += c));
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) reject(new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      else resolve({ status: Number(m[1]), headers: m[2], body: m[3] });
    });
  });
}

interface RawAnswer {
  status: number;
  /** Header lines, names lower-cased, without Date. */
  headers: string[];
  body: string;
}

/**
 * Writes `request` (one or more pipelined requests) on a fresh socket and returns every answer,
 * in order, once the server closed the connection or `ms` passed (then `open` is true).
 */
function rawAnswers(url: string, request: string | Buffer, ms = 5000): Promise<{ answers: RawAnswer[]; open: boolean; rest: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    let open = false;
    const timer = setTimeout(() => {
      open = true;
      socket.destroy();
    }, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      let text = Buffer.concat(chunks).toString('utf8');
      const answers: RawAnswer[] = [];
      for (;;) {
        const m = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n((?:[^\r]+\r\n)*)\r\n/.exec(text);
        if (!m) break;
        const headers = m[2].split('\r\n').filter((h) => h !== '').map((h) => h.replace(/^[^:]+/, (n) => n.toLowerCase())).filter((h) => !h.startsWith('date:'));
        const length = Number(/^content-length: (\d+)$/m.exec(headers.join('\n'))?.[1] ?? 0);
        const start = m[0].length;
        const bodyBytes = Buffer.from(text.slice(start), 'utf8').subarray(0, length).toString('utf8');
        answers.push({ status: Number(m[1]), headers, body: bodyBytes });
        text = text.slice(start + bodyBytes.length);
      }
      resolve({ answers, open, rest: text });
    });
  });
}

const postRequest = (path: string, contentType: string, body: string | Buffer, extra = '') =>
  Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`), Buffer.from(body)]);
const HEALTH_THEN_CLOSE = 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

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
      [{ dataframe_split: { data: [Object.values(ROW)] } }, /dataframe_split\.columns: missing$/m],
      [{ dataframe_records: [{ ...ROW, plan: { nested: 1 } }] }, /0\/plan: a field value must be a string, a finite number, true, false or null/],
      [{ inputs: { plan: 'basic' } }, /inputs\.plan: must be a list, not text$/m],
      [{ inputs: {} }, /inputs: Too small: expected at least one column/],
      [{ inputs: 'basic' }, /inputs: inputs must be a list of rows \[\{column: value, …\}\] or an object of columns \{column: \[values\]\}/],
      [{ dataframe_records: [ROW], extra: 1 }, /unknown key 'extra'/],
      [{ dataframe_records: [ROW], instances: [ROW] }, /holds dataframe_records and instances: send one/],
      [{ data: [ROW] }, /holds 'data'/],
      // MLflow 1's pandas-records body: a bare list.
      [[ROW], /a bare list .*\{"dataframe_records": \[…\]\}/],
      // pandas' to_json(orient='split'), MLflow 1's pandas-split: the frame without its wrapper.
      [{ columns: COLUMNS, index: [0], data: [Object.values(ROW)] }, /^the body must hold one of .*: the body is a split frame .*send it as \{"dataframe_split": \{"columns": \[…\], "data": \[…\]\}\}$/m],
    ];
    for (const [body, expected] of cases) {
      const { text } = await refused('/invocations', body);
      assert.match(text, expected, JSON.stringify(body));
      assert.doesNotMatch(text, /Invalid input$/m, `${JSON.stringify(body)}: ${text}`);
    }
  });

  it('a request Node refuses before any route (huge header, not HTTP, an unknown Expect, no Host or two, CONNECT) gets the documented error body', async () => {
    const cases: Array<[string, number, RegExp]> = [
      [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, /the request's headers are larger than \d+ bytes/],
      ['GARBAGE\r\n\r\n', 400, /the request is not valid HTTP: /],
      ['POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}', 400, /the request is not valid HTTP: .*content-length/i],
      [`POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: something\r\n\r\n{}`, 417, /the Expect header 'something' is not supported: only 100-continue is/],
      // Node's own answer to these was a 400 with an empty body, and no answer at all.
      ['GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, /^an HTTP\/1\.1 request must have a Host header/],
      [`POST /predict HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`, 400, /^an HTTP\/1\.1 request must have a Host header/],
      // Node kept the first of two Host lines and answered.
      ['GET /health HTTP/1.1\r\nHost: x\r\nhost: y\r\nConnection: close\r\n\r\n', 400, /^an HTTP\/1\.1 request must have one Host header/],
      ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 404, /^no route CONNECT example\.com:443: this server is not a proxy/],
    ];
    const metricsBefore = (await get(`${url}/metrics`)).text;
    for (const [request, status, message] of cases) {
      const r = await rawHttp(url, request);
      assert.equal(r.status, status, `${request.slice(0, 40)}: ${r.headers}\n${r.body}`);
      assert.match(r.headers, /^content-type: application\/json/im);
      const e = errorBody.parse(JSON.parse(r.body));
      assert.match(e.error, message);
    }
    // Each is counted, as the not-found handler's answers are.
    const after = (await get(`${url}/metrics`)).text;
    for (const [status, n] of [[431, 1], [400, 5], [417, 1], [404, 1]]) {
      const at = (text: string) => Number(new RegExp(`^mlpipe_http_requests_total\\{route="unmatched",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      assert.equal(at(after) - at(metricsBefore), n, `${status} in /metrics`);
    }
    // HTTP/1.0 needs no Host.
    const old = await rawHttp(url, 'GET /health HTTP/1.0\r\n\r\n');
    assert.equal(old.status, 200, old.body);
    assert.equal((await get(`${url}/health`)).status, 200, 'still answering');
  });

  it('an inputs frame of uneven columns, or a CSV body the parser refuses, says where in its details', async () => {
    const uneven = await refused('/invocations', { inputs: { ...Object.fromEntries(COLUMNS.map((c) => [c, [ROW[c as keyof typeof ROW], ROW[c as keyof typeof ROW]]])), plan: ['basic'] } });
    assert.match(uneven.e.error, /^inputs columns must all have the same length: 'plan' has 1 value, where 'customer_id' has 2$/, uneven.text);
    assert.deepEqual(uneven.e.details, [{ row: null, field: 'plan', problem: "1 value, where 'customer_id' has 2" }]);
    const ragged = await refused('/invocations', `${COLUMNS.join(',')}\n${Object.values(ROW).join(',')},extra\n`, 'text/csv');
    assert.match(ragged.e.error, /^the CSV body cannot be read: request body, line 2: /, ragged.text);
    assert.equal(ragged.e.details.length, 1, ragged.text);
    assert.match(ragged.e.details[0]!.problem, /^line 2: /);
  });

  it('a column named twice in a CSV body or dataframe_split is refused by name, not scored with the last value', async () => {
    const split = { dataframe_split: { columns: ['plan', ...COLUMNS], data: [['premium', ...Object.values(ROW)]] } };
    const { e, text } = await refused('/invocations', split);
    assert.match(e.error, /dataframe_split\.columns: duplicate column name 'plan' \(header fields 1 and 5\)/, text);
    assert.ok(e.details.some((d) => d.field === 'plan'), text);
    const csv = `plan,${COLUMNS.join(',')}\npremium,${Object.values(ROW).join(',')}\n`;
    assert.match((await refused('/invocations', csv, 'text/csv')).e.error, /the CSV body cannot be read: request body, line 1, column plan: duplicate column name 'plan'/);
    // pandas' to_csv() writes its index under an empty name.
    const indexed = `,${COLUMNS.join(',')}\n0,${Object.values(ROW).join(',')}\n`;
    assert.match((await refused('/invocations', indexed, 'text/csv')).e.error, /header field 1 is empty: every column needs a name/);
    // Each name once, in any order, scores.
    const reordered = [...COLUMNS].reverse();
    const r = await post(`${url}/invocations`, { dataframe_split: { columns: reordered, data: [reordered.map((c) => ROW[c as keyof typeof ROW])] } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.predictions, (await post(`${url}/predict`, { rows: [ROW] })).json.predictions);
  });

  it('a feedback label of the wrong type (null, none, nested) is refused saying what a label must be', async () => {
    const { ids } = (await post(`${url}/predict`, { rows: [ROW] })).json as { ids: string[] };
    // A boolean is a label's type (a boolean target's class), but no class of this 0/1 model.
    const { e: notClass } = await refused('/feedback', { labels: [{ id: ids[0], label: true }] });
    assert.equal(notClass.error, "1 label the model cannot take: 'true' is not a class the model learned: use '0', '1'; nothing was recorded");
    for (const [label, expected] of [
      ['null', /a label must be a class's text, a number or a boolean, not null/],
      [undefined, /the label is missing/],
      ['[1]', /not a list/],
      // Nested past the stack's depth: described, never serialised.
      [`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, /not an object/],
    ] as const) {
      const body = `{"labels": [{"id": ${JSON.stringify(ids[0])}${label === undefined ? '' : `, "label": ${label}`}}]}`;
      const { e, text } = await refused('/feedback', body);
      assert.ok(e.details.some((d) => d.row === 0 && d.field === 'label' && expected.test(d.problem)), text);
      // Most clients (curl, SDKs) show only `error`: it names the problem too, not only the shape.
      assert.match(e.error, new RegExp(`^the body must be \\{"labels": .*\\}: row 0, 'label': .*${expected.source}`), text);
    }
    const { e } = await refused('/predict', { rows: [{ ...ROW, plan: { name: 'basic' } }] });
    assert.match(e.error, /^the body must be \{"rows": .*\}: row 0, 'plan': a field value must be a string, a finite number, true, false or null$/);
    const ok = await post(`${url}/feedback`, { labels: [{ id: ids[0], label: 1 }] });
    assert.deepEqual(ok.json, { accepted: 1, unknown: [] });
  });

  it("a /predict or /feedback body of the wrong shape is told what was sent in a client's words, not zod's ('Invalid input: expected array, received undefined')", async () => {
    const cases: Array<[string, unknown, string]> = [
      // One row's fields posted as the body, as many model servers take them.
      ['/predict', ROW, `'rows': missing (to score one row, send {"rows": [{column: value, …}]})`],
      ['/predict', [ROW], 'it is a list: wrap the rows as {"rows": [ … ]}'],
      ['/predict', { rows: ROW }, "'rows': must be a list of rows, not an object"],
      ['/predict', { rows: [] }, "'rows': is empty: send at least one row"],
      ['/predict', null, 'it is null'],
      ['/feedback', {}, "'labels': missing"],
      ['/feedback', { labels: {} }, "'labels': must be a list, not an object"],
      ['/feedback', { labels: [] }, "'labels': is empty: give at least one item"],
      ['/feedback', [{ id: 'x', label: 1 }], 'must be an object, not a list'],
      ['/feedback', { labels: [{ label: 1 }] }, "row 0, 'id': missing"],
      ['/feedback', { labels: [{ id: 5, label: 1 }] }, "row 0, 'id': must be text, not a number"],
      ['/feedback', { labels: [{ id: '', label: 1 }] }, "row 0, 'id': is empty: give at least one character"],
      ['/feedback', { labels: [{ id: 'x'.repeat(201), label: 1 }] }, "row 0, 'id': must hold at most 200 characters"],
    ];
    for (const [path, body, problem] of cases) {
      const { e, text } = await refused(path, body);
      assert.ok(e.error.endsWith(`}: ${problem}`), `${path} ${JSON.stringify(body).slice(0, 80)}: ${text}`);
      assert.doesNotMatch(text, /Invalid input|Too small|Too big|received/, text);
    }
  });

  it('NaN and Infinity, as Python\'s json.dumps writes a pandas frame\'s missing numbers, are refused saying to send null, on every JSON path', async () => {
    const values = JSON.stringify(Object.values(ROW));
    const bodies: Array<[string, string]> = [
      ['/invocations', `{"dataframe_split": {"columns": ${JSON.stringify(COLUMNS)}, "data": [${values.replace('120', 'NaN')}]}}`],
      ['/invocations', `{"dataframe_records": [${JSON.stringify(ROW).replace('120', '-Infinity')}]}`],
      ['/predict', `{"rows": [${JSON.stringify(ROW).replace('120', 'NaN')}]}`],
    ];
    for (const [path, body] of bodies) {
      for (const type of ['application/json', 'application/json; charset=utf-8']) {
        const { e } = await refused(path, body, type);
        assert.match(e.error, /^the body is not valid JSON: .*; NaN and Infinity are not JSON \(Python's json\.dumps writes them\): send null for a missing value$/, `${path} ${type}`);
      }
    }
    // A string holding the word is no hint: only a bare token is.
    const { e } = await refused('/predict', `{"rows": [{"plan": "NaN"}`);
    assert.doesNotMatch(e.error, /NaN and Infinity/);
    const missing = await post(`${url}/invocations`, `{"dataframe_split": {"columns": ${JSON.stringify(COLUMNS)}, "data": [${values.replace('120', 'null')}]}}`);
    assert.equal(missing.status, 200, missing.text);
  });

  it('a CSV body is read whatever the case of its media type, and only /invocations reads one', async () => {
    const csv = `${COLUMNS.join(',')}\n${Object.values(ROW).join(',')}\n`;
    const expected = (await post(`${url}/predict`, { rows: [ROW] })).json.predictions;
    for (const type of ['text/csv', 'TEXT/CSV', 'Text/Csv; charset=UTF-8']) {
      const r = await post(`${url}/invocations`, csv, type);
      assert.equal(r.status, 200, `${type}: ${r.text}`);
      assert.deepEqual(r.json.predictions, expected, type);
    }
    const feedback = await post(`${url}/feedback`, 'id,label\nx,1\n', 'text/csv');
    assert.equal(feedback.status, 415, feedback.text);
    assert.match(errorBody.parse(feedback.json).error, /\/feedback takes application\/json/);
  });

  it('a body labelled US-ASCII (every ASCII body is UTF-8) is read on every path; other charsets are still refused with 415', async () => {
    const expected = (await post(`${url}/predict`, { rows: [ROW] })).json.predictions;
    const csv = `${COLUMNS.join(',')}\n${Object.values(ROW).join(',')}\n`;
    const bodies: Array<[string, string, string]> = [
      ['/predict', 'application/json', JSON.stringify({ rows: [ROW] })],
      ['/invocations', 'application/json', JSON.stringify({ dataframe_records: [ROW] })],
      ['/invocations', 'text/csv', csv],
    ];
    for (const [path, media, body] of bodies) {
      for (const cs of ['us-ascii', 'US-ASCII', '"us-ascii"', 'ascii', 'ANSI_X3.4-1968']) {
        const r = await post(`${url}${path}`, body, `${media}; charset=${cs}`);
        assert.equal(r.status, 200, `${path} ${media}; charset=${cs}: ${r.text}`);
        assert.deepEqual(r.json.predictions, expected, `${path} ${cs}`);
      }
      for (const cs of ['latin1', 'ISO-8859-1', 'windows-1252', 'utf-16', 'ascii7']) {
        const r = await post(`${url}${path}`, body, `${media}; charset=${cs}`);
        assert.equal(r.status, 415, `${path} ${media}; charset=${cs}: ${r.text}`);
        assert.match(errorBody.parse(r.json).error, /^charset '.*' is not supported: send UTF-8 \(or US-ASCII\)$/);
      }
    }
  });

  it("a CSV body marked header=absent (RFC 4180's parameter) is refused saying the header line is needed, not read with its first row as column names", async () => {
    const rows = `${Object.values(ROW).join(',')}\n${Object.values(ROW).join(',')}\n`;
    for (const type of ['text/csv; header=absent', 'text/csv; charset=utf-8; header="ABSENT"']) {
      const r = await post(`${url}/invocations`, rows, type);
      assert.equal(r.status, 415, `${type}: ${r.text}`);
      assert.match(errorBody.parse(r.json).error, /header=absent.*send the column names as the body's first line/, type);
    }
    const present = await post(`${url}/invocations`, `${COLUMNS.join(',')}\n${rows}`, 'text/csv; header=present');
    assert.equal(present.status, 200, present.text);
    assert.equal(present.json.predictions.length, 2);
  });

  it('a JSON body led by a byte order mark (Windows editors, PowerShell) is read, and logged as sent without it', async () => {
    const expected = (await post(`${url}/predict`, { rows: [ROW] })).json.predictions;
    const bodies: Array<[string, string]> = [
      ['/predict', JSON.stringify({ rows: [ROW] })],
      ['/invocations', JSON.stringify({ dataframe_records: [ROW] })],
    ];
    for (const [path, body] of bodies) {
      for (const type of ['application/json', 'application/json; charset=utf-8']) {
        const r = await post(`${url}${path}`, `\ufeff${body}`, type);
        assert.equal(r.status, 200, `${path} ${type}: ${r.text}`);
        assert.deepEqual(r.json.predictions, expected, `${path} ${type}`);
      }
    }
    // The log keeps /predict's body text: its rows read back as sent.
    const page = (await get(`${url}/predictions?limit=1000`)).json as { predictions: Array<{ inputs: unknown }> };
    assert.deepEqual(page.predictions.slice(-4).map((p) => p.inputs), [ROW, ROW, ROW, ROW]);
  });

  it('a body that is not UTF-8 (a Latin-1 client) is refused naming the byte, on every path, as mlpipe score refuses the file', async () => {
    // Decoded leniently, Latin-1 'b\xe4sic' was 'b\uFFFDsic': a category no training row has, scored as all zeros.
    const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
    const row = { ...ROW, plan: 'b\u00e4sic' };
    const bodies: Array<[string, string, Uint8Array<ArrayBuffer>]> = [
      ['/predict', 'application/json', latin1(JSON.stringify({ rows: [row] }))],
      ['/predict', 'application/json; charset=utf-8', latin1(JSON.stringify({ rows: [row] }))],
      ['/invocations', 'application/json', latin1(JSON.stringify({ dataframe_records: [row] }))],
      ['/invocations', 'text/csv', latin1(`${COLUMNS.join(',')}\n${Object.values(row).join(',')}\n`)],
    ];
    for (const [path, type, body] of bodies) {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
      const text = await res.text();
      assert.equal(res.status, 400, `${path} ${type}: ${text}`);
      const at = body.indexOf(0xe4);
      assert.equal(errorBody.parse(JSON.parse(text)).error, `the body is not UTF-8 text (byte 0xE4 at offset ${at}): send UTF-8 (it may be Latin-1 or Windows-1252)`, `${path} ${type}`);
    }
  });

  it('a UTF-16 CSV body, with or without its byte-order mark, is named as UTF-16, as the same file is by mlpipe score', async () => {
    const text = `${COLUMNS.join(',')}\r\n${Object.values(ROW).join(',')}\r\n`;
    const bodies: Array<[Uint8Array<ArrayBuffer>, string]> = [
      // It said 'send UTF-8 (it may be Latin-1 or Windows-1252)' of the byte-order mark.
      [Uint8Array.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), 'the body is not UTF-8 text (byte 0xFF at offset 0): it starts like UTF-16 (little-endian): send UTF-8'],
      // Without one the bytes are UTF-8; the header was judged after the rows: 'line 3: expected 5 fields (as in the header), found 1'.
      [
        Uint8Array.from(Buffer.from(text, 'utf16le')),
        'the CSV body cannot be read: request body, line 1: the header holds NUL bytes beside its characters: the file seems to be UTF-16 (little-endian) without a byte-order mark: save it as UTF-8',
      ],
    ];
    for (const [body, error] of bodies) {
      const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
      const answer = await res.text();
      assert.equal(res.status, 400, answer);
      assert.equal(errorBody.parse(JSON.parse(answer)).error, error);
    }
  });

  it('a NUL byte in a CSV body cell is refused naming its line and column, as in a file', async () => {
    const body = `${COLUMNS.join(',')}\n${Object.values(ROW).join(',').replace('basic', 'ba\0sic')}\n`;
    const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    const answer = await res.text();
    assert.equal(res.status, 400, answer);
    assert.match(errorBody.parse(JSON.parse(answer)).error, /^the CSV body cannot be read: request body, line 2, column plan: the field holds a NUL byte \(character 3\)/);
  });

  it('a refused 1 MB value or field name is not echoed whole: the answer keeps which field and what is wrong', async () => {
    const big = 'x'.repeat(1_000_000);
    for (const [row, start, end] of [
      [{ ...ROW, snapshot_at: big }, /^1 problem in the rows: field 'snapshot_at': 'xxx/, /is not a time: expected epoch seconds or milliseconds, an ISO 8601 date/],
      [{ ...ROW, monthly_charges: `1${big}` }, /^1 problem in the rows: field 'monthly_charges' must be a number, not the text "1xx/, /xxx"$/],
      [{ ...ROW, [big]: 1 }, /^1 problem in the rows: unknown field 'xxx/, /\(the model reads 'tenure_days', .*'monthly_charges'\)$/],
    ] as const) {
      for (const type of ['application/json', 'application/json; charset=utf-8']) {
        const r = await post(`${url}/predict`, { rows: [row] }, type);
        assert.equal(r.status, 400);
        assert.ok(r.text.length < 5000, `${type}: a ${r.text.length}-character answer`);
        const e = errorBody.parse(r.json);
        assert.match(e.error, start);
        assert.match(e.error, end);
        assert.match(e.details[0].problem, / characters left out\) …/);
      }
    }
  });

  it('a body over the limit is answered 413 while the client is still sending it, and the connection then serves the next request', async () => {
    // Python's urllib writes the whole body before it reads: a connection reset under it (the
    // server closing with the body unread) was a broken pipe instead of the 413.
    const { hostname, port } = new URL(url);
    const body = Buffer.alloc(5 * 1024 * 1024, 'a');
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.setEncoding('utf8').on('data', (c: string) => (text += c));
    const closed = new Promise<string>((resolve) => socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)).on('close', () => resolve('closed')));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${body.length}\r\n\r\n`);
    const sent = await Promise.race([new Promise<string>((resolve) => socket.write(body, (e) => resolve(e ? 'failed' : 'sent'))), closed]);
    assert.equal(sent, 'sent', `the upload ended: ${sent}; answer so far: ${text.slice(0, 200)}`);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(await closed, 'closed');
    const answers = text.split(/(?=HTTP\/1\.1 \d{3} )/);
    assert.match(answers[0], /^HTTP\/1\.1 413 [\s\S]*\{"error":"the body is larger than 1048576 bytes: send the rows in smaller requests \(or start mlpipe serve with a larger --body-limit\)","details":\[\]\}$/);
    assert.match(answers[1] ?? '', /^HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
  });

  it('a body refused by its parser (bad JSON, not UTF-8, a charset, gzip) keeps the connection, as the fast path does: a request pipelined behind it is answered', async () => {
    const row = JSON.stringify({ rows: [ROW] });
    const cases: Array<[string, string | Buffer, string, number]> = [
      ['application/json; charset=utf-8', '{"rows": [', '', 400],
      ['application/json; charset=utf-8', Buffer.from(row.replace('basic', 'b\u00e4sic'), 'latin1'), '', 400],
      ['application/json; charset=latin1', row, '', 415],
      ['application/json', row, 'Content-Encoding: gzip\r\n', 415],
      ['text/csv', 'plan\nbasic\n', 'Content-Encoding: br\r\n', 415],
    ];
    for (const [type, body, extra, status] of cases) {
      for (const path of ['/predict', '/invocations']) {
        if (type === 'text/csv' && path === '/predict') continue;
        const { answers } = await rawAnswers(url, Buffer.concat([postRequest(path, type, body, extra), Buffer.from(HEALTH_THEN_CLOSE)]));
        const what = `${path} ${type} ${extra.trim()} ${String(body).slice(0, 30)}`;
        assert.equal(answers[0]?.status, status, `${what}: ${JSON.stringify(answers[0])}`);
        assert.ok(!answers[0].headers.includes('connection: close'), `${what}: ${answers[0].headers.join(' | ')}`);
        assert.equal(answers[1]?.status, 200, `${what}: the request behind it was not answered`);
      }
    }
    // The same refusal by the fast path ('application/json' exactly) and by Fastify: the same bytes.
    for (const body of ['{"rows": [', Buffer.from(row.replace('basic', 'b\u00e4sic'), 'latin1')]) {
      const fast = (await rawAnswers(url, Buffer.concat([postRequest('/predict', 'application/json', body), Buffer.from(HEALTH_THEN_CLOSE)]))).answers[0];
      const slow = (await rawAnswers(url, Buffer.concat([postRequest('/predict', 'application/json; charset=utf-8', body), Buffer.from(HEALTH_THEN_CLOSE)]))).answers[0];
      assert.deepEqual(slow, fast);
    }
  });

  it('a body sent with a transfer coding besides chunked (gzip, chunked) is refused as a compressed body is, not read as text', async () => {
    const row = JSON.stringify({ rows: [ROW] });
    const chunked = (body: Buffer) => Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    const send = (path: string, type: string, coding: string, body: Buffer) =>
      rawAnswers(url, Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nTransfer-Encoding: ${coding}\r\nConnection: close\r\n\r\n`), chunked(body)]));
    for (const [path, type, body] of [['/predict', 'application/json', row], ['/invocations', 'text/csv', `${COLUMNS.join(',')}\n${Object.values(ROW).join(',')}\n`]]) {
      const { answers } = await send(path, type, 'gzip, chunked', gzipSync(body));
      assert.equal(answers[0]?.status, 415, `${path}: ${JSON.stringify(answers[0])}`);
      assert.match(errorBody.parse(JSON.parse(answers[0].body)).error, /^transfer encoding 'gzip, chunked' is not supported: send the body uncompressed/);
      // Chunked alone, in any case, is read.
      const plain = await send(path, type, 'Chunked', Buffer.from(body));
      assert.equal(plain.answers[0]?.status, 200, `${path}: ${JSON.stringify(plain.answers[0])}`);
    }
  });

  it('a client gone mid-body is not counted as an answered request in /metrics, on either path', async () => {
    const count = async () => (await get(`${url}/metrics`)).text.split('\n').filter((l) => l.startsWith('mlpipe_http_requests_total{route="/predict"')).join('\n');
    const tcp = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = await count();
    const baseline = tcp();
    const { hostname, port } = new URL(url);
    await Promise.all(
      ['application/json', 'application/json; charset=utf-8'].flatMap((type) =>
        Array.from({ length: 3 }, () =>
          new Promise<void>((resolve) => {
            // '100 Continue' says the request reached its handler, which then waits for the body.
            const socket = connect(Number(port), hostname, () => socket.write(`POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`));
            socket.once('data', () => socket.write('{"rows": [', () => socket.destroy()));
            socket.on('close', () => resolve());
          }),
        ),
      ),
    );
    // The server has seen every client go once its own sockets are closed too (the test runs in its process).
    while (tcp() > baseline) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await count(), before);
  });

  it('a body over the limit from a client that asked to close (Connection: close, as urllib sends; HTTP/1.0) is answered 413 with Connection: close, read to its end, then closed', async () => {
    const { hostname, port } = new URL(url);
    const body = Buffer.alloc(3 * 1024 * 1024, 'a');
    for (const head of [`POST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n`, 'POST /invocations HTTP/1.0\r\n']) {
      const socket = connect(Number(port), hostname);
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => (text += c));
      const closed = new Promise<string>((resolve) => socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)).on('close', () => resolve('closed')));
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(`${head}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      const sent = await Promise.race([new Promise<string>((resolve) => socket.write(body, (e) => resolve(e ? 'failed' : 'sent'))), closed]);
      assert.equal(sent, 'sent', `${head}: the upload ended: ${sent}; answer so far: ${text.slice(0, 200)}`);
      // The server closes once the body is in; the client never has to.
      assert.equal(await closed, 'closed');
      assert.match(text, /^HTTP\/1\.1 413 [\s\S]*\r\nconnection: close\r\n[\s\S]*\{"error":"the body is larger than 1048576 bytes: send the rows in smaller requests \(or start mlpipe serve with a larger --body-limit\)","details":\[\]\}$/i, head);
      assert.doesNotMatch(text, /keep-alive/i, head);
    }
    assert.equal((await get(`${url}/health`)).status, 200, 'still answering');
  });

  it('a request without a body, with an empty one or without a content type is told so, the same way on every route', async () => {
    const cases: Array<[string, string, number, RegExp]> = [
      ['/predict', '', 400, /^the request has no body: POST \/predict takes application\/json$/],
      ['/predict', 'Content-Length: 0\r\n', 400, /^the request has no body: POST \/predict takes application\/json$/],
      ['/invocations', 'Content-Length: 0\r\n', 400, /^the request has no body: POST \/invocations takes application\/json or text\/csv$/],
      ['/feedback', '', 400, /^the request has no body: POST \/feedback takes application\/json$/],
      ['/predict', 'Content-Type: application/json\r\nContent-Length: 0\r\n', 400, /^the body is empty: send a JSON object$/],
      ['/invocations', 'Content-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n \n', 400, /^the body is empty: send a JSON object$/],
      ['/predict', 'Content-Length: 2\r\n\r\n{}', 415, /^the request has no content type: send application\/json \(or text\/csv to \/invocations\)$/],
    ];
    for (const [path, head, status, message] of cases) {
      const request = `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${head}${head.includes('\r\n\r\n') ? '' : '\r\n'}`;
      const { answers } = await rawAnswers(url, request);
      assert.equal(answers[0]?.status, status, `${path} ${JSON.stringify(head)}: ${JSON.stringify(answers[0])}`);
      assert.match(errorBody.parse(JSON.parse(answers[0].body)).error, message, `${path} ${JSON.stringify(head)}`);
    }
  });

  it('a method no route takes (TRACE, PROPFIND) on a route that exists is 405 with Allow, not 404', async () => {
    for (const [method, path, allow] of [['TRACE', '/predict', 'POST'], ['PROPFIND', '/health', 'GET, HEAD'], ['TRACE', '/metrics?x=1', 'GET, HEAD']]) {
      const { answers } = await rawAnswers(url, `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(answers[0]?.status, 405, `${method} ${path}: ${JSON.stringify(answers[0])}`);
      assert.ok(answers[0].headers.includes(`allow: ${allow}`), `${method} ${path}: ${answers[0].headers.join(' | ')}`);
      errorBody.parse(JSON.parse(answers[0].body));
    }
    const { answers } = await rawAnswers(url, 'TRACE /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(answers[0]?.status, 404);
  });

  it('Expect: 100-continue with a Content-Length over the limit is answered 413 at once, without 100 Continue; within it, 100 Continue then the answer on both paths', async () => {
    const { answers, open, rest } = await rawAnswers(url, `POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${5 * 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`);
    assert.equal(open, false, 'the server closes: the body will not come');
    assert.equal(answers.length, 1, JSON.stringify({ answers, rest }));
    assert.equal(answers[0].status, 413);
    assert.ok(answers[0].headers.includes('connection: close'), answers[0].headers.join(' | '));
    assert.deepEqual(errorBody.parse(JSON.parse(answers[0].body)), { error: 'the body is larger than 1048576 bytes: send the rows in smaller requests (or start mlpipe serve with a larger --body-limit)', details: [] });
    const row = JSON.stringify({ rows: [ROW] });
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      const r = await rawAnswers(url, `POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${row.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n${row}`);
      assert.deepEqual(r.answers.map((a) => a.status), [100, 200], type);
    }
  });

  it('a row that is not an object is told so in plain words, on both /predict paths and /invocations', async () => {
    for (const [row, kind] of [[null, 'null'], [[1, 2], 'a list'], ['basic', 'text'], [7, 'a number'], [true, 'true']] as const) {
      for (const [path, body, type] of [
        ['/predict', { rows: [ROW, row] }, 'application/json'],
        ['/predict', { rows: [ROW, row] }, 'application/json; charset=utf-8'],
        ['/invocations', { dataframe_records: [ROW, row] }, 'application/json'],
      ] as const) {
        // A list in /invocations has its own answer (MLflow's lists of values, above).
        if (path === '/invocations' && Array.isArray(row)) continue;
        const { e, text } = await refused(path, body, type);
        assert.ok(e.details.some((d) => d.row === 1 && d.problem === `a row must be an object {column: value, …}, not ${kind}`), `${path} ${JSON.stringify(row)}: ${text}`);
        assert.doesNotMatch(text, /expected record/, `${path} ${JSON.stringify(row)}`);
      }
    }
  });
  it('GET /metrics is valid Prometheus text that promtool\'s naming rules pass: counts that only grow are counters', async () => {
    // Traffic on every series first: scored and refused rows, a drift evaluation, logged predictions.
    assert.equal((await post(`${url}/predict`, { rows: [ROW, ROW] })).status, 200);
    assert.equal((await post(`${url}/predict`, { rows: [{ ...ROW, plan: null }] })).status, 400);
    assert.equal((await get(`${url}/drift`)).status, 200);
    const m = await get(`${url}/metrics`);
    assert.equal(m.status, 200);
    assert.equal(m.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const { problems, types, samples } = readExposition(m.text);
    assert.deepEqual(problems, [], m.text);
    // Gauges named *_total: promtool said 'non-counter metrics should not have "_total" suffix'.
    for (const name of ['mlpipe_predictions_total', 'mlpipe_log_dropped_total', 'mlpipe_log_written_total', 'mlpipe_http_requests_total']) assert.equal(types.get(name), 'counter', name);
    assert.equal(types.get('mlpipe_log_queue_depth'), 'gauge');
    const written = samples.find((s) => s.name === 'mlpipe_log_written_total')?.value ?? -1;
    assert.ok(written >= 2, `written ${written}`);
    // A counter read at scrape time keeps its value across scrapes.
    await serving.log?.flush();
    const again = readExposition((await get(`${url}/metrics`)).text).samples.find((s) => s.name === 'mlpipe_log_written_total')?.value ?? -1;
    assert.ok(again >= written, `${again} after ${written}`);
    assert.ok(samples.some((s) => s.name === 'mlpipe_drift_value' && s.labels.target === 'order_z' && s.labels.statistic === 'psi'));
  });
  it('a time sent as epoch microseconds or nanoseconds (Spark, Arrow, pandas\' to_json(date_unit=\'ns\')) is the same time as its date, on every path', async () => {
    const seconds = Date.UTC(2025, 5, 1) / 1000;
    const answer = async (snapshot_at: string | number) => {
      const r = await post(`${url}/predict`, { rows: [{ ...ROW, snapshot_at }] });
      assert.equal(r.status, 200, r.text);
      return (r.json as { predictions: number[] }).predictions[0];
    };
    const date = await answer('2025-06-01');
    // The example's orders reach to 2025: a time read 55 million years on had empty windows,
    // another prediction, scored without a word.
    for (const t of [seconds, seconds * 1e3, seconds * 1e6, seconds * 1e9, String(seconds * 1e6), String(BigInt(seconds) * 1_000_000_000n)]) {
      assert.ok(Object.is(await answer(t), date), `${t}`);
    }
    const csv = `${COLUMNS.join(',')}\n${COLUMNS.map((c) => (c === 'snapshot_at' ? String(BigInt(seconds) * 1_000_000_000n) : String(ROW[c as keyof typeof ROW]))).join(',')}\n`;
    const r = await post(`${url}/invocations`, csv, 'text/csv');
    assert.equal(r.status, 200, r.text);
    assert.ok(Object.is((r.json as { predictions: number[] }).predictions[0], date));
  });
  it('a client builds a request for every field from /metadata alone, and tells a known category from an unseen one', async () => {
    const m = metadataResponse.parse((await get(`${url}/metadata`)).json);
    const byName = Object.fromEntries(m.inputs.map((i) => [i.name, i]));
    // The learned vocabulary: a client could not tell 'Basic' (scored as unseen, 200) from 'basic'.
    assert.deepEqual(byName.plan.categories, ['basic', 'premium', 'standard']);
    for (const name of ['tenure_days', 'customer_id', 'snapshot_at', 'monthly_charges']) assert.equal(byName[name].categories, undefined, name);
    const valueOf = (i: InputField) => (i.categories ? i.categories[0] : i.type === 'number' ? 1 : i.type === 'time' ? '2025-06-01' : 'C00001');
    const full = Object.fromEntries(m.inputs.map((i) => [i.name, valueOf(i)]));
    const required = Object.fromEntries(m.inputs.filter((i) => !i.optional).map((i) => [i.name, valueOf(i)]));
    for (const row of [full, required]) {
      const r = await post(`${url}/predict`, { rows: [row] });
      assert.equal(r.status, 200, `${JSON.stringify(row)}: ${r.text}`);
    }
    // Each listed category is one the model tells apart; a value outside the list scores as none of them.
    const answers = await Promise.all([...byName.plan.categories!, 'Basic'].map(async (plan) => (await post(`${url}/predict`, { rows: [{ ...full, plan }] })).json.predictions[0] as number));
    assert.equal(new Set(answers).size, answers.length, JSON.stringify(answers));
  });
  it('a request\'s -0 replays as -0: parity agrees with serving on a feature that keeps the sign of zero', async () => {
    // log1p(fill_missing(-0, 0)) is -0 in serving; the replay's cell was String(-0), '0'.
    const r = await post(`${url}/predict`, `{"rows": [${JSON.stringify({ ...ROW, support_tickets: 1 }).replace('"support_tickets":1', '"support_tickets":-0')}]}`);
    assert.equal(r.status, 200, r.text);
    await serving.log?.flush();
    const report = await parityOf(project.file);
    assert.deepEqual(report.mismatches, []);
    assert.ok(report.ok);
  });
  it('an idle connection is kept past Node\'s 5 s for the client\'s next request, as Fastify keeps it (72 s: longer than a proxy\'s 60 s)', { timeout: 30_000 }, async () => {
    const { hostname, port } = new URL(url);
    const body = JSON.stringify({ rows: [ROW] });
    const request = `POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const socket = connect(Number(port), hostname);
    let text = '';
    let closed = false;
    // Each answer (or the close) wakes the one waiting for it.
    let wake = () => {};
    socket.setEncoding('utf8').on('data', (c: string) => ((text += c), wake()));
    socket.on('close', () => ((closed = true), wake()));
    const answered = (n: number) =>
      new Promise<void>((resolve) => {
        wake = () => ((text.match(/\r\n\r\n\{"predictions"/g) ?? []).length >= n || closed) && resolve();
        wake();
      });
    socket.write(request);
    await answered(1);
    assert.match(text, /^keep-alive: timeout=72$/im, text);
    // Idle past Node's default keep-alive, as a client between requests or a proxy's pooled
    // connection: until a bare node:http server, kept a second past Node's default (5 s), closes
    // its own idle one.
    const bare = Object.assign(createServer((_, res) => res.end('{}')), { keepAliveTimeout: 6_000 });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const idle = connect((bare.address() as AddressInfo).port, '127.0.0.1');
      idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      idle.resume();
      await new Promise((resolve) => idle.on('close', resolve));
    } finally {
      bare.close();
    }
    assert.equal(closed, false, 'the server closed the idle connection');
    socket.write(request);
    await answered(2);
    socket.destroy();
    assert.equal((text.match(/HTTP\/1\.1 200 OK\r\n/g) ?? []).length, 2, text);
  });
});
