/**
 * Expressions deeper than the parser's limit are one syntax error, not a stack overflow: 2,000
 * nested calls overflowed the parser, a 5,000-term sum the checker's walks, and `analyze` threw,
 * so `mlpipe check` exited 70 and the language server published nothing. At the limit they parse,
 * and the statements after one too deep are read as written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, parse } from '../../../server/mlpipe/index.js';
import { MAX_EXPRESSION_DEPTH } from '../../../server/mlpipe/syntax/parser.js';

const nested = (n: number, open: (s: string) => string) => {
  let s = 'x';
  for (let i = 0; i < n; i++) s = open(s);
  return s;
};
const SHAPES: Record<string, (levels: number) => string> = {
  calls: (levels) => nested(levels - 1, (s) => `log1p(${s})`),
  brackets: (levels) => nested(levels - 1, (s) => `(${s})`),
  lists: (levels) => nested(levels - 1, (s) => `[${s}]`),
  minus: (levels) => nested(levels - 1, (s) => `-${s}`),
  sum: (levels) => Array.from({ length: levels }, () => 'x').join(' + '),
  'sum in calls': (levels) => nested(levels / 2, (s) => `clip(${s}, 0, 1)`).replace('x', Array.from({ length: levels / 2 }, () => 'x').join(' * ')),
};
const file = (expr: string) => `pipeline p\nfeature deep = ${expr}\nfeature after = y\n`;

describe('the expression depth limit', () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`${shape}: ${MAX_EXPRESSION_DEPTH} levels parse; deeper ones are one syntax error, and the next statement is read`, () => {
      assert.deepEqual(parse(file(make(MAX_EXPRESSION_DEPTH))).syntaxErrors, []);
      for (const levels of [MAX_EXPRESSION_DEPTH + 2, 20_000]) {
        const text = file(make(levels));
        const parsed = parse(text);
        assert.equal(parsed.syntaxErrors.length, 1, `${levels} levels`);
        assert.match(parsed.syntaxErrors[0].message, /^expression nested deeper than 256 levels/);
        const after = parsed.statements.find((s) => s.kind === 'Feature' && s.name.name === 'after');
        assert.ok(after, 'the statement after is parsed');
        const diagnostics = analyze(text, { data: () => ({ status: 'missing', path: '/nowhere' }), fileExists: () => false }).diagnostics;
        assert.deepEqual(diagnostics.filter((d) => d.code === 'syntax').length, 1);
      }
    });
  }
});

describe('the block depth limit', () => {
  it('blocks nested past the limit are one syntax error, skipped whole; the next statement is read', () => {
    const blocks = (n: number) => `pipeline p\nserve {${' x {'.repeat(n)}${' }'.repeat(n)} }\nfeature after = y\n`;
    assert.deepEqual(parse(blocks(MAX_EXPRESSION_DEPTH - 1)).syntaxErrors, []);
    const parsed = parse(blocks(20_000));
    assert.deepEqual(
      parsed.syntaxErrors.map((e) => e.message),
      [`blocks nested deeper than ${MAX_EXPRESSION_DEPTH} levels`],
    );
    assert.ok(parsed.statements.some((s) => s.kind === 'Feature' && s.name.name === 'after'));
  });
});
