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
