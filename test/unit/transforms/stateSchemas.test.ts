import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readState } from '../../../server/mlpipe/features/index.js';

// The catalogue's state schemas are zod/mini (kept out of the CLI's check bundle): a saved
// model's bad statistics must still be refused with each schema's own one-line message.
const withNode = (node: Record<string, unknown>) => ({ version: 1, columns: {}, nodes: { k: node } });

test('each fitted transform state refuses bad statistics with its own message', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ kind: 'standardize', mean: 0, std: -1, count: 1 }, "node k: needs a finite 'mean' and a positive 'std'"],
    [{ kind: 'standardize', mean: Number.NaN, std: 1, count: 1 }, "node k: needs a finite 'mean' and a positive 'std'"],
    [{ kind: 'standardize', mean: 0, std: 1, count: 'x' }, "node k: 'count' is not a number"],
    [{ kind: 'min_max', min: 2, max: 1, count: 1 }, "node k: needs finite 'min' <= 'max'"],
    [{ kind: 'min_max', min: 0, max: Number.POSITIVE_INFINITY, count: 1 }, "node k: needs finite 'min' <= 'max'"],
    [{ kind: 'bucketize', edges: [1, 1], count: 1 }, "node k: 'edges' must be ascending numbers"],
    [{ kind: 'bucketize', edges: 'x', count: 1 }, "node k: 'edges' must be ascending numbers"],
    [{ kind: 'one_hot', vocabulary: 'x', count: 1 }, "node k: 'vocabulary' must be a list of strings and numbers"],
  ];
  for (const [node, message] of cases) assert.throws(() => readState(withNode(node)), { message: new RegExp(`${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }, JSON.stringify(node));
});

test('good fitted states read back as written', () => {
  const nodes = {
    a: { kind: 'standardize', mean: 1.5, std: 2, count: 3 },
    b: { kind: 'min_max', min: -1, max: 1, count: 3 },
    c: { kind: 'bucketize', edges: [0, 1, 10], count: 3 },
    d: { kind: 'one_hot', vocabulary: ['x', 2], count: 3 },
  };
  assert.deepEqual(readState({ version: 1, columns: {}, nodes }).nodes, nodes);
});
