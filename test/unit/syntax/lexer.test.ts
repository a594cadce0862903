import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lex } from '../../../server/mlpipe/syntax/lexer.js';

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => `${t.kind}:${t.text}`);
}

// The scanner classifies ASCII by a table and stops a name at the first character outside it:
// these are the edges of that table (the text's end, DEL, the first code beyond ASCII).
describe('the scanner at the edges of its character table', () => {
  it('ends a name, a number and a duration at the end of the text', () => {
    assert.deepEqual(kinds('abc_9'), ['ident:abc_9', 'eof:']);
    assert.deepEqual(kinds('x 12'), ['ident:x', 'number:12', 'eof:']);
    assert.deepEqual(kinds('30d'), ['duration:30d', 'eof:']);
  });

  it('gives punctuation its kind as text and newlines none', () => {
    assert.deepEqual(kinds('a.b >= (1)\n'), ['ident:a', '.:.', 'ident:b', '>=:>=', '(:(', 'number:1', '):)', 'newline:', 'eof:']);
  });

  it('reads a name with a letter beyond ASCII as one bad word', () => {
    const t = lex('café = 1').tokens[0];
    assert.equal(t.kind, 'bad');
    assert.equal(t.text, 'café');
  });

  it('stops a name at DEL (127) and at U+0080, neither a name character', () => {
    assert.deepEqual(kinds('ab\x7f'), ['ident:ab', 'bad:\x7f', 'eof:']);
    assert.deepEqual(kinds('ab\u0080').slice(0, 1), ['ident:ab']);
    assert.deepEqual(kinds('`a'), ['bad:`', 'ident:a', 'eof:']);
    assert.deepEqual(kinds('{a}'), ['{:{', 'ident:a', '}:}', 'eof:']);
  });
});
