/**
 * A diagnostic quotes the name it is about, and a name runs to any length (a generated file's
 * 3 MB identifier): the message was that long, one line of megabytes in the terminal, the
 * Problems view and CI logs. Every message keeps its start and end, as serving's errors do.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { clipText, MAX_MESSAGE_TEXT } from '../../../server/mlpipe/clipText.js';
import { memoryHost } from './fixture.js';

test('clipText keeps a short text and the start and end of a long one, saying how much was left out', () => {
  assert.equal(clipText('short'), 'short');
  const long = `a${'b'.repeat(5000)}z`;
  const clipped = clipText(long);
  assert.equal(clipped, `a${'b'.repeat(499)}… (4002 characters left out) …${'b'.repeat(499)}z`);
  assert.equal(clipText('x'.repeat(MAX_MESSAGE_TEXT)), 'x'.repeat(MAX_MESSAGE_TEXT));
});

test('a checker diagnostic and a syntax error about a 100,000-character name keep their start and end', () => {
  const name = 'b'.repeat(100_000);
  const text = `pipeline p\n\ndata t {\n  source = "t.csv"\n  target = y\n}\n\nfeature a = standardize(${name})\nfeature ${'c'.repeat(100_000)}\n`;
  const diagnostics = analyze(text, memoryHost({ 't.csv': 'id,x,y\n1,2,0\n2,3,1\n' })).diagnostics;
  const unknown = diagnostics.find((d) => d.code === 'unknown-reference');
  const syntax = diagnostics.find((d) => d.code === 'syntax');
  assert.ok(unknown && syntax, JSON.stringify(diagnostics.map((d) => [d.code, d.message.length])));
  for (const d of diagnostics) assert.ok(d.message.length < MAX_MESSAGE_TEXT + 50, `${d.code}: ${d.message.length} characters`);
  assert.match(unknown.message, /^'bbbb.*… \(\d+ characters left out\) …b+' is neither a feature nor a column of 't'\./);
  assert.match(syntax.message, /^expected '=' after 'feature cccc.*characters left out/);
});
