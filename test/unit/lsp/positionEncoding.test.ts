import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRANSFORMS } from '../../../server/mlpipe/language/transforms.js';
import { changesFromClient, negotiatePositionEncoding, PositionCodec } from '../../../server/lsp/positionEncoding.js';

test('the first encoding the client offers that the server knows; UTF-16 when none', () => {
  assert.equal(negotiatePositionEncoding(['utf-32', 'utf-8']), 'utf-32');
  assert.equal(negotiatePositionEncoding(['ucs-2', 7, 'utf-8']), 'utf-8');
  assert.equal(negotiatePositionEncoding([]), 'utf-16');
  assert.equal(negotiatePositionEncoding('utf-8'), 'utf-16');
  assert.equal(negotiatePositionEncoding(undefined), 'utf-16');
});

test('columns counted in bytes and code points, on CRLF lines, past the line end, inside a character', () => {
  const text = 'ab\r\né😀x\r\n中';
  const utf8 = PositionCodec.of(text, 'utf-8');
  const utf32 = PositionCodec.of(text, 'utf-32');
  assert.deepEqual(utf8.toClient({ line: 1, character: 3 }), { line: 1, character: 6 });
  assert.deepEqual(utf32.toClient({ line: 1, character: 3 }), { line: 1, character: 2 });
  assert.deepEqual(utf8.fromClient({ line: 1, character: 6 }), { line: 1, character: 3 });
  assert.deepEqual(utf32.fromClient({ line: 1, character: 2 }), { line: 1, character: 3 });
  // A byte inside the emoji reads as its start; a column past the end stays as far past it.
  assert.deepEqual(utf8.fromClient({ line: 1, character: 4 }), { line: 1, character: 1 });
  assert.deepEqual(utf8.toClient({ line: 1, character: 6 }), { line: 1, character: 9 });
  assert.deepEqual(utf8.fromClient({ line: 2, character: 3 }), { line: 2, character: 1 });
  assert.deepEqual(utf8.toClient({ line: 0, character: 2 }), { line: 0, character: 2 });
});

test('text that reads alike in both encodings is not converted', () => {
  assert.equal(PositionCodec.of('plain ascii', 'utf-8').identity, true);
  assert.equal(PositionCodec.of('é中', 'utf-32').identity, true);
  assert.equal(PositionCodec.of('é', 'utf-8').identity, false);
  assert.equal(PositionCodec.of('😀', 'utf-16').identity, true);
});

test("a didChange's ranges are each read against the text the changes before them made", () => {
  // The first change puts an emoji before the second change's range: in UTF-8 the 'x' is at byte 5, in UTF-16 at 3.
  const changes = changesFromClient('é\nx', 'utf-8', [
    { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: '😀' },
    { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, text: '!' },
  ]);
  assert.deepEqual(
    changes.map((c) => ('range' in c ? c.range.start.character : -1)),
    [1, 3],
  );
});

test("the catalogue's signatures are ASCII, so signature help's parameter offsets read alike in every encoding (they are not converted)", () => {
  for (const spec of Object.values(TRANSFORMS)) assert.doesNotMatch(spec.signature, /[^\x00-\x7f]/, spec.signature);
});
