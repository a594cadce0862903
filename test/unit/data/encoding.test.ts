import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { inspectSource } from '../../../server/backend/data/inspect.js';
import { loadTable } from '../../../server/backend/data/load.js';
import { CsvParser, parseCsv } from '../../../server/mlpipe/data/csv.js';
import { firstInvalidUtf8, notUtf8Problem } from '../../../server/mlpipe/data/utf8.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-encoding-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const latin1 = Buffer.concat([Buffer.from('id,city\nC1,Paris\nC2,n'), Buffer.from([0xf6]), Buffer.from('rth\n')]);

test('firstInvalidUtf8 agrees with a strict decoder on any bytes', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), (raw, text) => {
      for (const bytes of [raw, Buffer.concat([Buffer.from(text), raw])]) {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        const at = firstInvalidUtf8(bytes);
        assert.equal(at < 0, valid);
        // Everything before the reported byte is well-formed.
        if (at >= 0) assert.doesNotThrow(() => strict.decode(bytes.subarray(0, at)));
      }
    }),
    { numRuns: 2000 },
  );
});

test('the message names the line, the byte and what the file probably is', () => {
  assert.deepEqual(notUtf8Problem(latin1), { line: 3, problem: 'is not UTF-8 text (byte 0xF6, byte 5 of the line): save it as UTF-8 (it may be Latin-1 or Windows-1252)' });
  assert.match(notUtf8Problem(Buffer.from('\ufeffid\n', 'utf16le'))!.problem, /UTF-16 \(little-endian\)/);
  assert.match(notUtf8Problem(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))!.problem, /gzip-compressed/);
  assert.equal(notUtf8Problem(Buffer.from('\ufeffid,city\nC1,nörth,日本 😀\n')), undefined);
});

test('the checker reports a Latin-1 file as unreadable, naming the line', async () => {
  const info = await inspectSource(write('latin1.csv', latin1));
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /^line 3: is not UTF-8 text \(byte 0xF6/);
});

test('the engine refuses it with the same words instead of reading U+FFFD', async () => {
  await assert.rejects(loadTable('t', write('latin1b.csv', latin1), { source: 'data/t.csv' }), /data\/t\.csv, line 3: is not UTF-8 text \(byte 0xF6/);
});

test('a multi-byte character cut by a read chunk or the sample limit is still read whole', async () => {
  // 1 MiB chunks: put 'ö' (two bytes) across the first boundary.
  const head = 'id,city\n';
  const filler = 'x'.repeat((1 << 20) - head.length - 'C1,'.length - 1);
  const text = `${head}C1,${filler}ö\nC2,nörth\n`;
  assert.equal(Buffer.byteLength(text.slice(0, head.length + 3 + filler.length)) , (1 << 20) - 1);
  const t = await loadTable('t', write('cut.csv', Buffer.from(text)), { source: 'cut.csv' });
  assert.deepEqual((t.columns[1] as { values: string[] }).values, [`${filler}ö`, 'nörth']);
  const info = await inspectSource(write('cut2.csv', Buffer.from(text)));
  assert.equal(info.status, 'ok');
});

test('a file whose lines end in CR alone is refused as such, not as an empty or duplicate header name', async () => {
  const p = write('cr.csv', Buffer.from('id,city,\r\nx'.replace('\r\n', '\r') + ',Paris,\rC2,Nice,\r'));
  const info = await inspectSource(p);
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /^line 1: lines end in a carriage return alone/);
  await assert.rejects(loadTable('t', p, { source: 'cr.csv' }), /cr\.csv, line 1: lines end in a carriage return alone/);
  // CRLF files are untouched.
  assert.equal((await inspectSource(write('crlf.csv', Buffer.from('id,city\r\nC1,Paris\r\n')))).status, 'ok');
});

test('UTF-16 without a byte-order mark is named as such, not as CR line ends, ragged rows or unknown columns', async () => {
  const text = 'id,city,y\r\nC1,Paris,0\r\nC2,Nice,1\r\n';
  const cases: Array<[string, Buffer, string]> = [
    ['le-crlf.csv', Buffer.from(text, 'utf16le'), 'little'],
    ['le-lf.csv', Buffer.from(text.replace(/\r/g, ''), 'utf16le'), 'little'],
    ['be-crlf.csv', Buffer.from(text, 'utf16le').swap16(), 'big'],
  ];
  for (const [name, bytes, endian] of cases) {
    const why = `line 1: the header holds NUL bytes beside its characters: the file seems to be UTF-16 (${endian}-endian) without a byte-order mark: save it as UTF-8`;
    const info = await inspectSource(write(name, bytes));
    assert.equal(info.error, why, name);
    await assert.rejects(loadTable('t', join(dir, name), { source: name }), (e: Error) => e.message === `${name}, ${why}`);
  }
});

test('lines ending CR CR LF (CRLF converted twice) are named so, not as classic Mac OS line ends', async () => {
  const p = write('crcrlf.csv', Buffer.from('id,city,y\r\r\nC1,Paris,0\r\r\n'));
  const why = 'line 1: lines end in two carriage returns before the line feed (CR CR LF: CRLF line ends converted twice): save the file with LF or CRLF line ends';
  assert.equal((await inspectSource(p)).error, why);
  await assert.rejects(loadTable('t', p, { source: 'crcrlf.csv' }), (e: Error) => e.message === `crcrlf.csv, ${why}`);
  // A one-line classic Mac OS file ends its last name with its CR too, but holds others before it.
  assert.match((await inspectSource(write('cr1.csv', Buffer.from('id,y\rC1,0\r')))).error!, /carriage return alone \(classic Mac OS\)/);
});

test('a quoted name or field before a carriage return alone is named a classic Mac OS (or CR CR LF) line end, in the check and the run alike', async () => {
  // Quoted names end before the CR, so the header check never saw it: this was 'unexpected text
  // after the closing quote of field 3'.
  const cases: Array<[string, string, string]> = [
    ['crq.csv', '"id","city","y"\r"C1","Paris",0\r', 'line 1: lines end in a carriage return alone (classic Mac OS): save the file with LF or CRLF line ends'],
    ['crcrlfq.csv', '"id","city","y"\r\r\n"C1","Paris","0"\r\r\n', 'line 1: lines end in two carriage returns before the line feed (CR CR LF: CRLF line ends converted twice): save the file with LF or CRLF line ends'],
    ['crdata.csv', 'id,city,y\nC1,"Paris"\rC2,Lyon,0\n', 'line 2: lines end in a carriage return alone (classic Mac OS): save the file with LF or CRLF line ends'],
  ];
  for (const [name, text, why] of cases) {
    assert.equal((await inspectSource(write(name, Buffer.from(text)))).error, why, name);
    await assert.rejects(loadTable('t', join(dir, name), { source: name }), (e: Error) => e.message === `${name}, ${why}`);
  }
  // Fed in pieces, a CR at the end of a chunk waits for the next one.
  const parser = new CsvParser({ file: 'f.csv', onRecord: () => undefined });
  parser.feed('"id","y"\r');
  assert.throws(() => parser.feed('\r\n1,2\r\r\n'), /CR CR LF/);
  // A lone CR inside a quoted field is a value, as before.
  assert.deepEqual(parseCsv('id,t\n1,"a\rb"\n', 'f.csv').rows, [['1', 'a\rb']]);
});

test('a carriage return in an unquoted field is refused where it is, in the check and the run alike; CRLF cut by a chunk is not one', async () => {
  // A line of a classic Mac OS file joined to others: it read 'line 3: expected 3 fields (as in
  // the header), found 5'.
  const cases: Array<[string, string, string]> = [
    ['joined.csv', 'id,city,y\nC1,Paris,0\nC2,Lyon,1\rC3,Nice,0\nC4,Metz,1\n', 'line 3, column y: the field holds a carriage return alone (character 2), which CSV allows only inside quotes: if it ends a line (classic Mac OS), save the file with LF or CRLF line ends; if it belongs to the value, quote the field'],
    // One line ending CR CR LF under a clean header: its last cell was '0\r', which the target's
    // message called 'a number with spaces around it'.
    ['crcrlf-row.csv', 'id,city,y\r\nC1,Paris,0\r\r\nC2,Lyon,1\r\n', 'line 2, column y: lines end in two carriage returns before the line feed (CR CR LF: CRLF line ends converted twice): save the file with LF or CRLF line ends'],
    // In a row that also holds a quote, through the quoted path.
    ['quoted-row.csv', 'id,city,y\nC1,"Paris",0\r\r\n', 'line 2, column y: lines end in two carriage returns before the line feed (CR CR LF: CRLF line ends converted twice): save the file with LF or CRLF line ends'],
    ['quoted-mid.csv', 'id,city,y\nC1,Pa\rris,"0"\n', 'line 2, column city: the field holds a carriage return alone (character 3), which CSV allows only inside quotes: if it ends a line (classic Mac OS), save the file with LF or CRLF line ends; if it belongs to the value, quote the field'],
  ];
  for (const [name, text, why] of cases) {
    assert.equal((await inspectSource(write(name, Buffer.from(text)))).error, why, name);
    await assert.rejects(loadTable('t', join(dir, name), { source: name }), (e: Error) => e.message === `${name}, ${why}`, name);
  }
  // A CRLF file fed in pieces that cut between CR and LF, and a CR inside quotes, read as before.
  const text = 'id,t,y\r\n1,"a\rb",0\r\n2,c,1\r\n';
  for (let size = 1; size <= text.length; size++) {
    const rows: string[][] = [];
    const parser = new CsvParser({ file: 'f.csv', onRecord: (r) => rows.push(r) });
    for (let i = 0; i < text.length; i += size) parser.feed(text.slice(i, i + size));
    parser.end();
    assert.deepEqual(rows, [['1', 'a\rb', '0'], ['2', 'c', '1']], `chunks of ${size}`);
  }
  // A ragged row without one says only what it is.
  assert.throws(() => parseCsv('id,y\n1,2,3\n', 'f.csv'), (e: Error) => e.message === 'f.csv, line 2: expected 2 fields (as in the header), found 3');
});

test('a NUL byte in a cell is refused naming the line, the column and the character, in the check, the run and a CSV body alike', async () => {
  const name = 'nul.csv';
  const p = write(name, Buffer.from('id,city,y\nC1,Paris,0\nC2,Ni\0ce,1\nC3,Lyon,0\n'));
  const why = 'line 3, column city: the field holds a NUL byte (character 3), which no CSV text has: the file is damaged or not text; export it again as UTF-8 CSV';
  const info = await inspectSource(p);
  assert.equal(info.status, 'unreadable');
  assert.equal(info.error, why);
  await assert.rejects(loadTable('t', p, { source: name }), (e: Error) => e.message === `${name}, ${why}`);
  // Served CSV bodies are read by the same parser.
  assert.throws(() => parseCsv('id,city,y\nC2,Ni\0ce,1\n', 'request body'), (e: Error) => e.message === `request body, line 2, column city: the field holds a NUL byte (character 3), which no CSV text has: the file is damaged or not text; export it again as UTF-8 CSV`);
  // In a quoted field that spans lines: the record's first line, as the other CSV refusals name it.
  assert.throws(() => parseCsv('id,note\nC1,"two\nli\0nes"\n', 'q.csv'), /^DataError: q\.csv, line 2, column note: the field holds a NUL byte \(character 7\)/);
});

test('a NUL far into a file (past the first chunk read) is found, and a file without one reads as before', async () => {
  const rows = Array.from({ length: 120_000 }, (_, i) => `C${i},city${i % 7},${i % 2}`);
  rows[100_000] = 'C100000,zero\0\0\0,0';
  const p = write('late-nul.csv', Buffer.from(`id,city,y\n${rows.join('\n')}\n`));
  await assert.rejects(loadTable('t', p, { source: 'late-nul.csv' }), /^DataError: late-nul\.csv, line 100002, column city: the field holds a NUL byte \(character 5\)/);
  rows[100_000] = 'C100000,zero,0';
  const clean = write('no-nul.csv', Buffer.from(`id,city,y\n${rows.join('\n')}\n`));
  assert.equal((await loadTable('t', clean)).rowCount, 120_000);
});
