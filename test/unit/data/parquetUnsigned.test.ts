/**
 * Unsigned integers in data page v2 (hyparquet-writer writes only v2 pages), in each encoding a
 * writer picks for them: PLAIN, DELTA_BINARY_PACKED (v2's integer encoding) and a dictionary,
 * nullable and required, with the legacy annotation (UINT_32, UINT_64) and the logical one
 * (INTEGER, unsigned). Their values at and past the signed maximum are stored as negative
 * integers; each must read as its unsigned value, and the checker (`inspectSource`) and the run
 * (`loadTable`) must type the column alike. No fixture here came from DuckDB or arrow-rs
 * (parquetWriters.test.ts): neither writes UINT32 in v2 pages with delta encoding.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspectSource } from '../../../server/backend/data/inspect.js';
import { columnTexts, loadTable } from '../../../server/backend/data/load.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-parquet-unsigned-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const U32 = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];
const U64 = [0n, 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n];
const TEXTS32 = U32.map(String);
const TEXTS64 = U64.map(String);

async function write(encoding: 'PLAIN' | 'DELTA_BINARY_PACKED' | undefined, required: boolean): Promise<string> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  type Schema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>;
  const schema: Schema = [
    { name: 'root', num_children: 4 },
    { name: 'u32', type: 'INT32', converted_type: 'UINT_32', repetition_type },
    { name: 'u32l', type: 'INT32', logical_type: { type: 'INTEGER', bitWidth: 32, isSigned: false }, repetition_type },
    { name: 'u64', type: 'INT64', converted_type: 'UINT_64', repetition_type },
    { name: 'u64l', type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false }, repetition_type },
  ];
  const u32 = required ? U32 : [...U32, null];
  const u64 = required ? U64 : [...U64, null];
  const buffer = parquetWriteBuffer({
    schema,
    columnData: [
      { name: 'u32', data: u32, encoding },
      { name: 'u32l', data: u32, encoding },
      { name: 'u64', data: u64, encoding },
      { name: 'u64l', data: u64, encoding },
    ],
  });
  const p = join(dir, `${encoding ?? 'dictionary'}-${repetition_type}.parquet`);
  writeFileSync(p, new Uint8Array(buffer));
  return p;
}

for (const encoding of ['PLAIN', 'DELTA_BINARY_PACKED', undefined] as const) {
  for (const required of [false, true]) {
    test(`UINT32 and UINT64 in v2 pages (${encoding ?? 'dictionary'}, ${required ? 'required' : 'nullable'}) read as their unsigned values, typed alike by check and run`, async () => {
      const p = await write(encoding, required);
      const missing = required ? [] : [''];
      const names = ['u32', 'u32l', 'u64', 'u64l'];
      const t = await loadTable('t', p);
      const texts = await columnTexts(p, names);
      const info = await inspectSource(p);
      assert.equal(info.status, 'ok');
      names.forEach((name, c) => {
        const expected = name.startsWith('u32') ? TEXTS32 : TEXTS64;
        // As `mlpipe score` writes a kept column back: every digit, past 2^53 too.
        assert.deepEqual(texts[c], [...expected, ...missing], name);
        const column = t.columns.find((col) => col.name === name)!;
        assert.equal(column.type, 'integer', name);
        assert.deepEqual([...column.values], [...expected.map(Number), ...(required ? [] : [NaN])], name);
        assert.equal(info.columns!.find((col) => col.name === name)!.type, 'integer', name);
      });
    });
  }
}

/**
 * A UINT32 column as DuckDB's v2 writer stores it in DELTA_BINARY_PACKED pages: the values as
 * 64-bit integers, so the first one's zigzag (6000000000 for 3000000000) needs more than 32 bits.
 * Made without DuckDB: hyparquet-writer writes the values as an INT64 column, and the footer is
 * rewritten to call it INT32 UINT_32, which leaves the page bytes as such a writer's.
 */
async function deltaUint32(values: Array<bigint | null>): Promise<string> {
  const { parquetWriteBuffer, ByteWriter } = await import('hyparquet-writer');
  const { writeMetadata } = await import('hyparquet-writer/src/metadata.js');
  const { parquetMetadata } = await import('hyparquet');
  const written = new Uint8Array(
    parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'u', type: 'INT64', repetition_type: values.includes(null) ? 'OPTIONAL' : 'REQUIRED' },
      ],
      columnData: [{ name: 'u', data: values, encoding: 'DELTA_BINARY_PACKED', statistics: false }],
    }),
  );
  const footerLength = new DataView(written.buffer).getUint32(written.length - 8, true);
  const meta = parquetMetadata(written.buffer);
  meta.schema[1] = { ...meta.schema[1]!, type: 'INT32', converted_type: 'UINT_32' };
  for (const group of meta.row_groups) for (const c of group.columns) c.meta_data!.type = 'INT32';
  const w = new ByteWriter();
  writeMetadata(w, meta as never);
  const footer = new Uint8Array(w.getBuffer());
  const body = written.subarray(0, written.length - 8 - footerLength);
  const out = new Uint8Array(body.length + footer.length + 8);
  out.set(body);
  out.set(footer, body.length);
  new DataView(out.buffer).setUint32(body.length + footer.length, footer.length, true);
  out.set(Buffer.from('PAR1'), out.length - 4);
  const p = join(dir, `duckdb-like-${values.length}.parquet`);
  writeFileSync(p, out);
  return p;
}

test('UINT32 delta pages whose first value is 2^31 or more (DuckDB v2) read exactly, not 2^31 too low, in check and run', async () => {
  for (const values of [
    [3_000_000_000n, 3_000_000_001n, 2n ** 31n, 5n, 2n ** 32n - 1n],
    [2n ** 32n - 1n, null, 0n, 2n ** 31n - 1n],
  ]) {
    const p = await deltaUint32(values);
    const expected = values.map((v) => (v === null ? '' : String(v)));
    assert.deepEqual((await columnTexts(p, ['u']))[0], expected);
    const column = (await loadTable('t', p)).columns[0]!;
    assert.deepEqual([...column.values], values.map((v) => (v === null ? NaN : Number(v))));
    const info = await inspectSource(p);
    assert.equal(info.columns![0]!.type, 'integer');
    assert.equal(info.columns![0]!.missing, values.filter((v) => v === null).length);
  }
});
