import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvParser, parseCsv } from '../../../server/mlpipe/data/csv.js';
import { DataError } from '../../../server/mlpipe/data/errors.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { replaying } from '../testing/replaySeed.js';
import { envInteger } from '../../support/envInteger.js';

/** Feeds `text` in chunks of `size` characters and collects rows with their start lines. */
function chunked(text: string, size: number): { header?: string[]; rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const p = new CsvParser({ file: 'f.csv', onRecord: (r, l) => (rows.push(r), lines.push(l)) });
  for (let i = 0; i < text.length; i += size) p.feed(text.slice(i, i + size));
  p.end();
  return { header: p.headerFields, rows, lines };
}

const TRICKY =
  '\ufeffid,text,n\r\n' +
  '1,"hello, world",3\r\n' +
  '2,"she said ""hi""",4\r\n' +
  '3,"two\nlines",5\r\n' +
  '4,,\r\n' +
  '\r\n' +
  '5,plain,"6"\r\n' +
  '6,"",7';

test('quotes, doubled quotes, embedded newlines, CRLF, BOM, empty fields and blank lines', () => {
  const { header, rows, lines } = parseCsv(TRICKY, 'f.csv');
  assert.deepEqual(header, ['id', 'text', 'n']);
  assert.deepEqual(rows, [
    ['1', 'hello, world', '3'],
    ['2', 'she said "hi"', '4'],
    ['3', 'two\nlines', '5'],
    ['4', '', ''],
    ['5', 'plain', '6'],
    ['6', '', '7'],
  ]);
  // Record 3 spans lines 4-5, so record 4 starts on line 6; the blank line 7 is skipped.
  assert.deepEqual(lines, [2, 3, 4, 6, 8, 9]);
});

test('every chunk size gives the same records as one whole feed', () => {
  const whole = parseCsv(TRICKY, 'f.csv');
  for (let size = 1; size <= TRICKY.length; size++) {
    const got = chunked(TRICKY, size);
    assert.deepEqual(got.header, whole.header, `chunk size ${size}`);
    assert.deepEqual(got.rows, whole.rows, `chunk size ${size}`);
    assert.deepEqual(got.lines, whole.lines, `chunk size ${size}`);
  }
});

test('LF line ends and a final record without a line end', () => {
  assert.deepEqual(parseCsv('a,b\n1,2\n3,4', 'f.csv').rows, [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseCsv('a,b\n1,2\n3,4\n', 'f.csv').rows, [['1', '2'], ['3', '4']]);
});

test('a quote inside an unquoted field is kept literally', () => {
  assert.deepEqual(parseCsv('a,b\n5" pipe,x\n', 'f.csv').rows, [['5" pipe', 'x']]);
});

test('a ragged row names the file, the line, the first column it lacks and both field counts', () => {
  assert.throws(
    () => parseCsv('a,b,c\n1,2,3\n"x\ny",2,3\n1,2\n', 'data/t.csv'),
    (e: unknown) =>
      e instanceof DataError && e.file === 'data/t.csv' && e.line === 5 && e.column === 'c' &&
      e.message === 'data/t.csv, line 5, column c: expected 3 fields (as in the header), found 2',
  );
  // A long row's extra field has no column.
  assert.throws(() => parseCsv('a,b\n1,2,3\n', 'f.csv'), (e: unknown) => e instanceof DataError && e.column === undefined && e.message === 'f.csv, line 2: expected 2 fields (as in the header), found 3');
});

test('a file separated by semicolons, tabs or pipes is refused at its header, naming the separator', () => {
  assert.throws(
    () => parseCsv('id;x;y\n1;2,5;0\n', 'eu.csv'),
    (e: unknown) =>
      e instanceof DataError && e.line === 1 &&
      e.message === "eu.csv, line 1: the header is one field, 'id;x;y': its columns seem separated by ';', but mlpipe reads comma-separated files (RFC 4180); save it with commas",
  );
  assert.throws(() => parseCsv('id\tx\ty\n1\t2\t0\n', 't.csv'), /the header is one field, 'id\\tx\\ty': its columns seem separated by tabs/);
  assert.throws(() => parseCsv('id|x\n1|2\n', 'p.csv'), /separated by '\|'/);
  const wide = Array.from({ length: 40 }, (_, i) => `column_${i}`).join(';');
  assert.throws(() => parseCsv(`${wide}\n`, 'w.csv'), (e: unknown) => e instanceof DataError && /'column_0;column_1;.{40,}…'/.test(e.message) && e.message.length < 250);
  // Quoted names (R's write.csv2, a spreadsheet quoting text) stop at the first name's closing quote.
  assert.throws(
    () => parseCsv('"id";"x";"y"\r\n1;2,5;0\r\n', 'r.csv'),
    (e: unknown) =>
      e instanceof DataError && e.line === 1 &&
      e.message === `r.csv, line 1: the header '"id";"x";"y"' seems separated by ';', but mlpipe reads comma-separated files (RFC 4180); save it with commas`,
  );
  assert.throws(() => parseCsv('"id"\t"x"\n1\t2\n', 't.csv'), /the header '"id"\\t"x"' seems separated by tabs/);
  // Past the first name, or in a data row, it is text after a closing quote like any other.
  assert.throws(() => parseCsv('id,"x";y\n1,2\n', 'f.csv'), /line 1: unexpected text after the closing quote of field 2/);
  assert.throws(() => parseCsv('id,x\n"1";2\n', 'f.csv'), /line 2, column id: unexpected text after the closing quote of field 1/);
  // One column without any of those characters is a CSV like any other.
  assert.deepEqual(parseCsv('id\n1\n2\n', 'one.csv').rows, [['1'], ['2']]);
});

test('an unterminated quote is an error at the line where the record starts, naming its column', () => {
  // The spec: the message names the file, line and column (it named no column).
  assert.throws(
    () => parseCsv('a,b\n1,2\n3,"open\n\n', 'f.csv'),
    (e: unknown) => e instanceof DataError && e.line === 3 && e.column === 'b' && /^f\.csv, line 3, column b: a quoted field is never closed/.test(e.message),
  );
  // In the header no column is named yet.
  assert.throws(() => parseCsv('a,"b\n', 'f.csv'), (e: unknown) => e instanceof DataError && e.line === 1 && e.column === undefined);
});

test('text after a closing quote is an error', () => {
  assert.throws(() => parseCsv('a,b\n"x"y,2\n', 'f.csv'), (e: unknown) => e instanceof DataError && e.line === 2 && e.column === 'a' && /after the closing quote of field 1/.test(e.message));
});

test('an empty file has no header', () => {
  assert.throws(() => parseCsv('', 'e.csv'), /e\.csv: the file is empty/);
  assert.throws(() => parseCsv('\ufeff\n\n', 'e.csv'), /the file is empty/);
});

test('header only: no rows', () => {
  const t = parseCsv('a,b\r\n', 'f.csv');
  assert.deepEqual(t.header, ['a', 'b']);
  assert.equal(t.rows.length, 0);
});

test('randomised round trip against a reference writer, in random chunk sizes', () => {
  const seed = envInteger('MLPIPE_CSV_SEED', 12345);
  return replaying('MLPIPE_CSV_SEED', seed, () => {
    const prng = new Mulberry32(seed);
    const rand = (n: number): number => prng.int(n);
    const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '😀'];
    for (let trial = 0; trial < 200; trial++) {
      const cols = 1 + rand(4);
      const rows: string[][] = [];
      for (let r = 0; r < 1 + rand(6); r++) {
        const row: string[] = [];
        for (let c = 0; c < cols; c++) {
          let cell = '';
          for (let k = rand(5); k > 0; k--) cell += alphabet[rand(alphabet.length)];
          row.push(cell);
        }
        // A row whose only cell is empty is a blank line, which readers skip.
        if (cols === 1 && row[0] === '') row[0] = 'x';
        rows.push(row);
      }
      const quote = (s: string): string => (/[",\r\n]/.test(s) || rand(3) === 0 ? `"${s.replace(/"/g, '""')}"` : s);
      const eol = rand(2) === 0 ? '\n' : '\r\n';
      const text = rows.map((r) => r.map(quote).join(',')).join(eol) + (rand(2) === 0 ? eol : '');
      const chunk = 1 + rand(12);
      // A record equal to the header (two columns or more) is a second file's header, refused at
      // its line (repeatsHeader): the small alphabet draws one now and then (',' under ',', seeds
      // 6, 9, 10, 18, 20, 26 of a soak), which this test, older than that rule, read as a row.
      const repeated = cols >= 2 && rows.slice(1).some((r) => r.every((cell, c) => cell === rows[0]![c]));
      if (repeated) {
        assert.throws(() => chunked(text, chunk), /the record repeats the header/, JSON.stringify(text));
        continue;
      }
      const got = chunked(text, chunk);
      assert.deepEqual([got.header, ...got.rows], rows, JSON.stringify(text));
    }
  });
});

test('a JSON or JSON Lines file is refused as JSON at its first line, not as unknown columns or a ragged row', () => {
  const says = (start: string) => `j.json, line 1: the file seems to be JSON, not CSV (its first line starts '${start}'): mlpipe reads CSV (RFC 4180) and Parquet files; convert it to one of them`;
  for (const [text, start] of [
    ['{"id": 1, "x": 2}\n{"id": 2, "x": 3}\n', '{"id": 1, "x": 2}'],
    ['{"id":1,"x":2}\n', '{"id":1,"x":2}'],
    ['[\n  {\n    "id": 1,\n    "x": 2\n  }\n]\n', '['],
    ['\ufeff[{"id":1,"customer":"C1","x":2}]', '[{"id":1,"customer"…'],
  ] as const)
    assert.throws(() => parseCsv(text, 'j.json'), (e: unknown) => e instanceof DataError && e.message === says(start), text);
  // Names in brackets or braces are names.
  assert.deepEqual(parseCsv('[id],{x}\n1,2\n', 'b.csv').header, ['[id]', '{x}']);
  assert.deepEqual(parseCsv('id,x\n{"a":1},2\n', 'b.csv').rows, [['{"a":1}', '2']]);
});

test("Excel's separator hint line ('sep=,') before the header is named, not read as a header of two names", () => {
  // 'sep=,' read as the header was 'header field 2 is empty'; then every row was ragged.
  assert.throws(
    () => parseCsv('sep=,\r\nid,x\r\n1,2\r\n', 'x.csv'),
    (e: unknown) => e instanceof DataError && e.line === 1 && e.message === "x.csv, line 1: the first line, 'sep=,', is Excel's separator hint, not a header: delete that line, so the header naming the columns comes first",
  );
  assert.throws(() => parseCsv('sep=;\nid;x\n1;2\n', 'x.csv'), /the first line, 'sep=;', is Excel's separator hint, not a header: the file is separated by ';': save it with commas/);
  assert.deepEqual(parseCsv('sep=,x\n1,2\n', 'x.csv').header, ['sep=', 'x']);
});

test("a record that repeats the header (files joined with their headers) is refused at its line, a second file's BOM included", () => {
  // Read as data, its cells were a class named after the target column and a category named
  // after each text column (silently), and a numeric column's name looked like a typo.
  const joined = 'id,plan,label\r\n1,basic,yes\r\n2,pro,no\r\n';
  for (const second of [joined, `\ufeff${joined}`]) {
    assert.throws(
      () => parseCsv(joined + second, 'a.csv'),
      (e: unknown) =>
        e instanceof DataError &&
        e.line === 4 &&
        e.message === "a.csv, line 4: the record repeats the header ('id,plan,label'): files joined with their headers (by cat, or a spreadsheet's append) hold one per file, read as a row whose every cell is its column's name; delete that line",
    );
  }
  // A row that shares only some names, or a one-column file's value that is its name, is data.
  assert.equal(parseCsv('id,plan\nid,basic\nplan,id\n', 'b.csv').rows.length, 2);
  assert.deepEqual(parseCsv('word\nword\nother\n', 'c.csv').rows, [['word'], ['other']]);
});

test('a line of only spaces is refused as such, not as a row lacking its columns; an empty line is still skipped', () => {
  // It read 'line 3, column b: expected 3 fields (as in the header), found 1'.
  for (const blank of ['  ', '\t', ' \t ']) {
    assert.throws(
      () => parseCsv(`a,b,c\n1,2,3\n${blank}\n`, 'f.csv'),
      (e: unknown) => e instanceof DataError && e.line === 3 && e.column === undefined && e.message === 'f.csv, line 3: expected 3 fields (as in the header), found a line of only spaces or tabs, which is no empty line: delete it',
    );
  }
  assert.deepEqual(parseCsv('a,b,c\n1,2,3\n\n\r\n', 'f.csv').rows, [['1', '2', '3']]);
  // A one-field row of other text is ragged as before.
  assert.throws(() => parseCsv('a,b\nx\n', 'f.csv'), (e: Error) => e.message === 'f.csv, line 2, column b: expected 2 fields (as in the header), found 1');
});
