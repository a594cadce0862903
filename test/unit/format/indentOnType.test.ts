import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indentOnType } from '../../../server/mlpipe/format/indentOnType.js';
import type { TextChange } from '../../../server/mlpipe/format/formatRange.js';

const apply = (text: string, changes: TextChange[]) => [...changes].sort((a, b) => b.start - a.start).reduce((t, c) => t.slice(0, c.start) + c.newText + t.slice(c.end), text);
/** The text with `|` (where the typed character ends) taken out, after typing `ch` there. */
const typed = (marked: string, ch: string) => {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  return apply(text, indentOnType(text, at, ch));
};

describe('on-type formatting (indentOnType)', () => {
  it('indents a new line to the depth of its block, a line starting with `}` one less', () => {
    assert.equal(typed('pipeline p\n\nmodel m {\n  kind = mlp\n|\n}\n', '\n'), 'pipeline p\n\nmodel m {\n  kind = mlp\n  \n}\n');
    assert.equal(typed('pipeline p\nserve {\n  defaults {\n|x = 1\n  }\n}\n', '\n'), 'pipeline p\nserve {\n  defaults {\n    x = 1\n  }\n}\n');
    assert.equal(typed('pipeline p\nmodel m {\n    kind = mlp\n    |}\n', '\n'), 'pipeline p\nmodel m {\n    kind = mlp\n}\n');
    assert.equal(typed('pipeline p\nmodel m {\n\t\t|\n', '\n'), 'pipeline p\nmodel m {\n  \n', 'an unclosed block (the file is being typed) too');
  });

  it('empties the line left behind when it holds only spaces, as the formatter writes a blank line', () => {
    assert.equal(typed('pipeline p\nmodel m {\n  kind = mlp\n  \n|\n}\n', '\n'), 'pipeline p\nmodel m {\n  kind = mlp\n\n  \n}\n');
  });

  it('leaves a line inside a list or a call as it is (the formatter joins those lines)', () => {
    assert.equal(typed('pipeline p\nmodel m {\n  inputs = [a,\n|b]\n}\n', '\n'), 'pipeline p\nmodel m {\n  inputs = [a,\nb]\n}\n');
  });

  it('after a `}`, re-indents the block it closes and its own line, not the lines of a list', () => {
    assert.equal(
      typed('pipeline p\n\nmodel m {\nkind = mlp\n\t# a comment\n      inputs = [a,\n   b]\n  \n\t}|\n', '}'),
      'pipeline p\n\nmodel m {\n  kind = mlp\n  # a comment\n  inputs = [a,\n   b]\n\n}\n',
    );
    assert.equal(typed('pipeline p\nserve {\n  defaults {\n x = 1\n }|\n}\n', '}'), 'pipeline p\nserve {\n  defaults {\n    x = 1\n  }\n}\n');
  });

  it('ignores a `}` in a comment or a string, one that closes nothing and one on its block’s line', () => {
    for (const marked of ['pipeline p\nmodel m {\nkind = mlp # }|\n}\n', 'pipeline p\ndata t {\nsource = "}|"\n}\n', 'pipeline p\n}|\n', 'pipeline p\nmodel m { kind = mlp }|\n']) {
      const text = marked.replace('|', '');
      assert.deepEqual(indentOnType(text, marked.indexOf('|'), '}'), [], marked);
    }
  });

  it('counts from the nearest statement line above, not the file’s start', () => {
    // A `{` left open far above (a syntax error) does not indent the blocks after the next statement line.
    assert.equal(typed('pipeline p\nmodel a {\nfeature f = 1\nmodel m {\n|kind = mlp\n}\n', '\n'), 'pipeline p\nmodel a {\nfeature f = 1\nmodel m {\n  kind = mlp\n}\n');
  });
});
