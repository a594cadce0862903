/**
 * A CSV pinned with LF line ends and checked out with CR LF (git's core.autocrlf on Windows, an
 * editor saving with the platform's line ends), or the other way, hashes otherwise than its pin.
 * 'repro/data-changed' said only "has changed since it was pinned: re-pin", and a re-pin then
 * broke every checkout with the other line ends. It now says the line ends alone changed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { lineEndHashesSync, sha256Bytes } from '../../../server/backend/data/hash.js';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import { basePipeline, CUSTOMERS, hashOf, ORDERS } from '../checker/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-line-ends-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function changed(customers: string): Promise<string[]> {
  writeFileSync(join(dir, 'customers.csv'), customers);
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  const file = join(dir, 'p.mlpipe');
  const checked = await checkDocument(file, basePipeline(), new DataInspector());
  return checked.diagnostics.filter((d) => d.code === 'repro/data-changed').map((d) => d.message);
}

test('a pinned CSV whose line ends alone changed says so, both ways, and keeps the re-pin', async () => {
  const crlf = CUSTOMERS.replace(/\n/g, '\r\n');
  assert.deepEqual(await changed(crlf), [
    `'customers.csv' has changed since it was pinned, in its line ends only (CRLF now, LF when pinned: git's core.autocrlf or an editor converted them): restore them and keep them (with git, '*.csv -text' in .gitattributes), or re-pin the version if the change is intended (version = "${hashOf(crlf)}")`,
  ]);
  // Pinned with CR LF (the fixture pins LF: the pipeline is written for the CRLF text), now LF.
  const file = join(dir, 'p2.mlpipe');
  writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
  const text = basePipeline(crlf);
  const checked = await checkDocument(file, text, new DataInspector());
  const [d] = checked.diagnostics.filter((x) => x.code === 'repro/data-changed');
  assert.match(d!.message, /in its line ends only \(LF now, CRLF when pinned:/);
  // Another change is only a change.
  const more = CUSTOMERS.replace(/\n/g, '\r\n') + 'C999,1,basic,2025-01-01T00:00:00Z,0\r\n';
  assert.deepEqual(await changed(more), [`'customers.csv' has changed since it was pinned: re-pin the version if the change is intended (version = "${hashOf(more)}")`]);
});

test('the converted hashes are those of the converted bytes, whatever the chunk boundaries', () => {
  const file = join(dir, 'bytes.csv');
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', ',', '\r', '\n', '\r\n'), { maxLength: 60 }), fc.constantFrom(0, (1 << 20) - 3, (1 << 20) - 2, (1 << 20) - 1, 1 << 20), (parts, pad) => {
      // Padding puts the line ends across the reader's 1 MiB chunk boundary.
      const text = 'x'.repeat(pad) + parts.join('');
      writeFileSync(file, text);
      const { lf, crlf } = lineEndHashesSync(file);
      assert.equal(lf, sha256Bytes(Buffer.from(text.replace(/\r\n/g, '\n'))));
      assert.equal(crlf, sha256Bytes(Buffer.from(text.replace(/(?<!\r)\n/g, '\r\n'))));
    }),
    { numRuns: 60 },
  );
});
