// The fitted-state reader's top-level schema: what it accepts and the one-line reason for what it
// refuses. Written against the classic-zod schema and kept when the reader moved to zod/mini
// (which the checker's bundle loads in a few KB), so the move changes no answer.
import assert from 'node:assert/strict';
import test from 'node:test';
import { readState } from '../../../server/mlpipe/features/state.js';
import { StateError } from '../../../server/mlpipe/features/errors.js';

const node = { kind: 'standardize', mean: 1, std: 2, count: 3 };

test('readState accepts well-formed states, with extra keys kept as they came', () => {
  const accepted: unknown[] = [
    { version: 1, columns: {}, nodes: {} },
    { version: 1, columns: { a: 'number', b: 'string' }, nodes: { k: node } },
    { version: 1, columns: {}, nodes: {}, extra: [1, 2] },
    { version: 1, columns: {}, nodes: { k: { ...node, note: 'x' } } },
  ];
  for (const s of accepted) assert.equal(readState(s), s, JSON.stringify(s));
});

test('readState refuses malformed states with the reason it gave before', () => {
  const refused: [unknown, string][] = [
    [null, 'not an object'],
    ['state', 'not an object'],
    [{ columns: {}, nodes: {} }, 'version undefined is not supported (this engine reads version 1)'],
    [{ version: '1', columns: {}, nodes: {} }, 'version "1" is not supported (this engine reads version 1)'],
    [{ version: 1, nodes: {} }, "'columns' is missing or malformed"],
    [{ version: 1, columns: [], nodes: {} }, "'columns' is missing or malformed"],
    [{ version: 1, columns: 'x', nodes: {} }, "'columns' is missing or malformed"],
    [{ version: 1, columns: { x: 'date' }, nodes: {} }, 'column x has type "date"'],
    [{ version: 1, columns: { x: 3 }, nodes: {} }, 'column x has type 3'],
    [{ version: 1, columns: { x: null }, nodes: {} }, 'column x has type null'],
    [{ version: 1, columns: {} }, "'nodes' is missing or malformed"],
    [{ version: 1, columns: {}, nodes: [] }, "'nodes' is missing or malformed"],
    [{ version: 1, columns: {}, nodes: { k: 5 } }, 'node k: not an object'],
    [{ version: 1, columns: {}, nodes: { k: null } }, 'node k: not an object'],
    [{ version: 1, columns: {}, nodes: { k: [] } }, 'node k: not an object'],
    [{ version: 1, columns: {}, nodes: { k: {} } }, 'node k: not an object'],
    [{ version: 1, columns: {}, nodes: { k: { kind: 7 } } }, 'node k: not an object'],
    [{ version: 1, columns: {}, nodes: { k: { kind: 'nope' } } }, 'node k: unknown kind "nope"'],
    [{ version: 1, columns: {}, nodes: { k: { ...node, std: -1 } } }, "node k: needs a finite 'mean' and a positive 'std'"],
  ];
  for (const [s, message] of refused) {
    assert.throws(() => readState(s), (e: unknown) => e instanceof StateError && e.message.endsWith(message), `${JSON.stringify(s)}: ${message}`);
  }
});
