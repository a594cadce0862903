import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../server/mlpipe/index.js';
import { argName, argValue } from '../../../server/mlpipe/syntax/args.js';
import type { CallExpr, SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { reparse } from '../../../server/mlpipe/syntax/incremental.js';

const TEXT = 'pipeline p\nfeature b = 2\nfeature c = 3\nfeature a = 1\nfeature f = clip(log(x + 1), 0, hi = 3)\n';

function callOf(file: SourceFile, k: number): CallExpr {
  const s = file.statements[k];
  if (s.kind !== 'Feature' || s.value.kind !== 'Call') throw new Error('expected a feature holding a call');
  return s.value;
}

/** The tree as plain data, without the caches rules write into it. */
function plain(file: SourceFile): string {
  return JSON.stringify(file.statements, (k, v: unknown) => (k === 'bound' ? undefined : v));
}

describe('call arguments', () => {
  it('a positional argument is its expression, a named one an Arg node', () => {
    const call = callOf(parse(TEXT), 3);
    const [first, second, third] = call.args;
    assert.equal(first.kind, 'Call');
    assert.equal(second.kind, 'Number');
    assert.equal(third.kind, 'Arg');
    assert.deepEqual(
      call.args.map((a) => [argName(a)?.name, TEXT.slice(a.start, a.end), TEXT.slice(argValue(a).start, argValue(a).end)]),
      [
        [undefined, 'log(x + 1)', 'log(x + 1)'],
        [undefined, '0', '0'],
        ['hi', 'hi = 3', '3'],
      ],
    );
  });

  it('counts the arguments before the first named one, -1 when a positional one follows a named one', () => {
    const counts = ['f()', 'f(a)', 'f(a, b = 1)', 'f(b = 1, c = 2)', 'f(a, g(x, y = 1), c = 2)', 'f(b = 1, a)', 'f(a, b = 1, c, d = 2)'].map((src) => {
      const s = parse(`pipeline p\nfeature q = ${src}\n`).statements[0];
      if (s.kind !== 'Feature' || s.value.kind !== 'Call') throw new Error('expected a feature holding a call');
      return s.value.positional;
    });
    assert.deepEqual(counts, [0, 1, 1, 0, 2, -1, -1]);
  });

  it('an edit above a call moves its positional and named arguments as a fresh parse places them', () => {
    const prev = parse(TEXT);
    const text = TEXT.replace('feature a = 1', 'feature a = 100 + 2');
    const { file: moved, reused } = reparse(prev, text);
    assert.equal(reused?.after, 1, 'the call is moved, not read again');
    assert.equal(plain(moved), plain(parse(text)));
  });
});
