import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ALL_CODES, CODES } from '../../../server/mlpipe/diagnostics.js';

const doc = readFileSync(resolve(__dirname, '../../../docs/diagnostics.md'), 'utf8');

/** `### heading` → its body, up to the next heading of level 2 or 3. */
function sections(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  let inFence = false;
  for (const line of doc.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const h = !inFence && /^(#{2,3}) (.*)$/.exec(line);
    if (h) {
      current = h[1] === '###' ? [] : undefined;
      if (current) {
        const name = h[2].trim();
        assert.ok(!out.has(name), `heading "### ${name}" appears twice`);
        out.set(name, current);
      }
      continue;
    }
    current?.push(line);
  }
  return out;
}

test('docs/diagnostics.md has exactly one section per diagnostic code, and no others', () => {
  const s = sections();
  assert.deepEqual([...s.keys()].sort(), [...ALL_CODES].sort());
});

test('each section states the code severity and shows a bad and a good example', () => {
  for (const [code, body] of sections()) {
    const text = body.join('\n');
    const severity = CODES[code as keyof typeof CODES];
    assert.match(text, new RegExp(`Severity: \\*\\*${severity}\\*\\*`), `${code}: severity should be ${severity}`);
    const examples = text.match(/```mlpipe\n/g) ?? [];
    assert.ok(examples.length >= 2, `${code}: needs a bad and a good \`mlpipe\` example`);
    assert.match(text, /Quick fix:/, `${code}: says whether it has a quick fix`);
  }
});
