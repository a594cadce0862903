/**
 * Binding a call's arguments reads the catalogue entry's signature once per transform (arrays of
 * one shape, `language/callArgs.ts`): these pin that what it binds and reports is still what the
 * entry says, for entries the built-in catalogue has no instance of (five arguments, a `with`
 * naming no argument) and for a transform removed from the catalogue after a bind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindArgs } from '../../../server/mlpipe/language/callArgs.js';
import { readsOf } from '../../../server/mlpipe/features/dependencies.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import type { CallExpr } from '../../../server/mlpipe/syntax/ast.js';
import { registerTransform, type TransformSpec } from '../../../server/mlpipe/transforms/index.js';

function callOf(src: string): CallExpr {
  const file = parse(`feature f = ${src}\n`);
  const decl = file.statements.find((d) => d.kind === 'Feature');
  assert.ok(decl && decl.kind === 'Feature' && decl.value.kind === 'Call');
  return decl.value;
}

const arg = (name: string, position?: number): TransformSpec['args'][number] => ({ name, kind: 'expr', position, doc: name });

const five = {
  name: 'five_args',
  signature: 'five_args(a, b, c, d, e)',
  snippet: 'five_args(${1:a})',
  doc: 'five arguments (a transform added by a test)',
  fitted: false,
  input: 'numeric',
  numeric: true,
  args: [arg('a', 0), arg('b', 1), arg('c', 2), arg('d', 3), { ...arg('e', 4), with: 'nowhere' }],
  result: () => 'number',
  fits: () => [],
  producesUnusable: false,
} as unknown as TransformSpec;

describe('bindArgs through the signature arrays', () => {
  it('binds a fifth argument, reads it, and reports a `with` that names no argument', () => {
    const remove = registerTransform(five);
    try {
      const bound = bindArgs(callOf('five_args(p, q, r, s, t)'))!;
      assert.ok(bound);
      assert.equal((bound.values.get('e') as { name?: string } | undefined)?.name, 't');
      assert.equal(bound.values.has('e'), true);
      assert.deepEqual(
        bound.problems.map((p) => p.message),
        ["'e' of 'five_args' is taken only with 'nowhere': drop it, or give 'nowhere' (five_args(a, b, c, d, e))"],
      );
      assert.deepEqual(
        readsOf(callOf('five_args(p, q, r, s, t)'), new Set()).columns.map((c) => c.column),
        ['p', 'q', 'r', 's', 't'],
      );
      const named = bindArgs(callOf('five_args(p, e = t, e = u)'))!;
      assert.deepEqual(
        named.problems.map((p) => p.message),
        ["'e' is given twice", "'e' of 'five_args' is taken only with 'nowhere': drop it, or give 'nowhere' (five_args(a, b, c, d, e))"],
      );
    } finally {
      remove();
    }
    assert.equal(bindArgs(callOf('five_args(p)')), undefined);
  });

  it('binds arguments by index when in order, and by kind when a positional one follows a named one', () => {
    const problems = (src: string) => bindArgs(callOf(src))!.problems.map((p) => p.message);
    const ordered = bindArgs(callOf('clip(x, 0, hi = 3)'))!;
    assert.deepEqual(['x', 'lo', 'hi'].map((n) => ordered.byName.get(n)?.kind), ['Reference', 'Number', 'Arg']);
    assert.deepEqual(problems('clip(x, 0, hi = 3)'), []);
    assert.deepEqual(problems('clip(x, hi = 3, 0)'), ['positional arguments come before named ones', "'clip' needs 'lo': clip(x, lo, hi)"]);
    const unordered = bindArgs(callOf('clip(x, hi = 3, 0, lo = 1)'))!;
    assert.deepEqual(['x', 'lo', 'hi'].map((n) => unordered.values.get(n)?.kind), ['Reference', 'Number', 'Number']);
    assert.deepEqual(unordered.problems.map((p) => p.message), ['positional arguments come before named ones']);
    assert.deepEqual(problems('clip(lo = 1, x = y, hi = 3, z = 2)'), ["'clip' takes no argument 'z': clip(x, lo, hi)"]);
  });

  it('finds a transform registered after a first bind, and none after its removal', () => {
    // The catalogue's index is made on the first look-up: registering must remake it.
    assert.equal(bindArgs(callOf('clip(p, lo = 0, hi = 1)'))?.spec.name, 'clip');
    assert.equal(bindArgs(callOf('five_args(p)')), undefined);
    const remove = registerTransform(five);
    try {
      assert.equal(bindArgs(callOf('five_args(p)'))?.spec.name, 'five_args');
      assert.deepEqual(bindArgs(callOf('five_args(p)'))?.signature.names, ['a', 'b', 'c', 'd', 'e']);
    } finally {
      remove();
    }
    assert.equal(bindArgs(callOf('five_args(p)')), undefined);
    assert.equal(bindArgs(callOf('clip(p, lo = 0, hi = 1)'))?.spec.name, 'clip');
  });

  it('takes no inherited name for a transform', () => {
    assert.equal(bindArgs(callOf('toString(p)')), undefined);
    assert.equal(bindArgs(callOf('constructor(p)')), undefined);
    assert.equal(bindArgs(callOf('__proto__(p)')), undefined);
    assert.equal(bindArgs(callOf('hasOwnProperty(p)')), undefined);
  });

  it("states bucketize's 'exactly one of' and its 'with'", () => {
    const messages = (src: string): string[] => bindArgs(callOf(src))!.problems.map((p) => p.message);
    assert.match(messages('bucketize(x)')[0], /exactly one/);
    assert.deepEqual(messages('bucketize(x, n = 4)'), []);
    assert.match(messages('bucketize(x, edges = [1, 2], fit = all)').join('\n'), /taken only with 'n'/);
  });
});
