import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, CUSTOMERS, edit, hashOf } from './fixture.js';

const pin = hashOf(CUSTOMERS);
const upper = `sha256:${pin.slice('sha256:'.length).toUpperCase()}`;
const codes = (text: string) => checkText(text).map((d) => `${d.code}: ${d.message}`);

test("a version pinned in uppercase hex (PowerShell's Get-FileHash) names the same file: no invalid-value, no data-changed", () => {
  const text = edit(basePipeline(), pin, upper);
  assert.ok(text.includes(upper));
  const found = codes(text);
  assert.ok(!found.some((c) => c.startsWith('invalid-value') || c.startsWith('repro/data-changed')), found.join('\n'));
});

test('an uppercase pin of other bytes is still data-changed, and a pin that is no hash still invalid-value', () => {
  const other = `sha256:${'AB'.repeat(32)}`;
  assert.ok(codes(edit(basePipeline(), pin, other)).some((c) => c.startsWith('repro/data-changed')));
  const short = codes(edit(basePipeline(), pin, 'sha256:ABC'));
  assert.ok(short.some((c) => c === `invalid-value: 'version' takes '"sha256:<64 hex digits>"', the content hash of the file`), short.join('\n'));
});
