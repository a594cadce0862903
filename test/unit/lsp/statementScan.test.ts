import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scan, scanTo, type ScanState } from '../../../server/lsp/statementScan.js';

/** The scan from the text's start, as `scanTo` was before it kept resume points. */
function fromStart(text: string, offset: number): ScanState {
  const state: ScanState = { stack: [], statementStart: 0, inComment: false, inString: false };
  scan(text, 0, offset, state);
  return state;
}

// Resume points every `spacing` characters (1, 16, 200: nearly every line, or a few), so an
// offset is often just past one. Pieces that move the scan's state: blocks, brackets over lines, strings and comments holding
// brackets and braces, escapes, every line end, commas.
const PIECES = ['model m {\n', 'data d {\n', '  x = 1\n', '  y = "a{b"\n', '}\n', '}', '{', '# c { (\n', 'feature f = g(a,\n', ' b)\n', '[', ']', '(', ')', '"', '\\', ',', '\r', '\r\n', '\n', 'name', ' ', '#'];
const piece = fc.constantFrom(...PIECES);
const textArb = fc.array(piece, { minLength: 200, maxLength: 900 }).map((xs) => xs.join(''));
/** An edit: replace [at, at + removed) by the inserted pieces; positions are fractions of the text. */
const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat(40), inserted: fc.array(piece, { maxLength: 4 }).map((xs) => xs.join('')) });
const offsetsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 });

describe('scanTo', () => {
  it('is the scan from the start at any offset, over a series of edits and a second text between them', () => {
    fc.assert(
      fc.property(textArb, textArb, fc.array(fc.tuple(editArb, offsetsArb, fc.boolean()), { minLength: 1, maxLength: 12 }), fc.constantFrom(1, 16, 200), (first, other, steps, spacing) => {
        let text = first;
        for (const [edit, offsets, switchText] of steps) {
          const at = Math.floor(edit.at * text.length);
          text = text.slice(0, at) + edit.inserted + text.slice(Math.min(text.length, at + edit.removed));
          // Another document asked about in between: the kept points are for the other text then.
          if (switchText) assert.deepEqual(scanTo(other, other.length, spacing), fromStart(other, other.length));
          for (const f of offsets) {
            const offset = Math.floor(f * text.length);
            assert.deepEqual(scanTo(text, offset, spacing), fromStart(text, offset), `offset ${offset} of ${JSON.stringify(text)}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is the scan from the start at every line of a real pipeline typed from its end backwards', () => {
    const churn = readFileSync(join(__dirname, '../../../examples/churn/churn.mlpipe'), 'utf8');
    const text = churn.repeat(8); // past many resume points at the shipped spacing
    let typed = text;
    for (let at = text.length; at > 0; at = text.lastIndexOf('\n', at - 2)) {
      typed = text.slice(0, at) + 'x' + text.slice(at);
      assert.deepEqual(scanTo(typed, at + 1), fromStart(typed, at + 1));
      assert.deepEqual(scanTo(typed, typed.length), fromStart(typed, typed.length));
    }
  });
});
