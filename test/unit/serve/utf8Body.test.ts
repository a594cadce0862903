import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';
import fc from 'fast-check';
import { utf8Body } from '../../../server/backend/serve/server.js';

// A body's text is its strict UTF-8 reading, whichever way it is decoded (ASCII bodies take a
// one-scan path): any bytes, text of any script, and ASCII with one stray byte.
const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 64 }).map((s) => Buffer.from(s, 'utf8')),
  fc.tuple(fc.string({ maxLength: 40 }), fc.integer({ min: 0x80, max: 0xff })).map(([s, b]) => Buffer.concat([Buffer.from(s), Buffer.from([b])])),
);

test('a body reads as its UTF-8 text, and bytes that are not UTF-8 are refused with 400', () => {
  fc.assert(
    fc.property(bodies, (body) => {
      if (isUtf8(body)) assert.equal(utf8Body(body), body.toString('utf8'));
      else assert.throws(() => utf8Body(body), (e: Error & { status?: number }) => e.status === 400 && /not UTF-8 text/.test(e.message));
    }),
    { numRuns: 2000 },
  );
});
