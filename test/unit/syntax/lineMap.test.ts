import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';

/** Where each line starts, by the LSP's rule (\n, \r\n and a lone \r each end a line), one character at a time. */
function reference(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\r' || text[i] === '\n') starts.push(i + 1);
  }
  return starts;
}

describe('LineMap', () => {
  it('finds every line start, with and without carriage returns, and maps offsets both ways', () => {
    const piece = fc.constantFrom('\n', '\r\n', '\r', 'a', 'feature x = 1', ' ', '😀', '\n\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const map = new LineMap(text);
        assert.deepStrictEqual(Array.from(map.lineStarts), reference(text));
        // Every offset but the one inside a \r\n pair maps to a position and back.
        for (let o = 0; o <= text.length; o++) if (!(text[o - 1] === '\r' && text[o] === '\n')) assert.equal(map.offsetAt(map.positionAt(o)), o);
      }),
      { numRuns: 500 },
    );
  });

  it('finds every line start of a long file (its store grown many times over)', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? '' : `line ${'x'.repeat(i % 90)}`));
    for (const eol of ['\n', '\r\n']) {
      const long = lines.join(eol);
      const map = new LineMap(long);
      assert.equal(map.lineCount, 50_000);
      assert.deepStrictEqual(Array.from(map.lineStarts), reference(long));
    }
  });
});
