import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver';
import { EditBuilder } from '../../../server/lsp/textEdits.js';
import { parse } from '../../../server/mlpipe/index.js';
import { attributesOf } from '../../../server/mlpipe/binder.js';
import type { Block } from '../../../server/mlpipe/syntax/ast.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';

function apply(text: string, edit: TextEdit): string {
  const lines = new LineMap(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

/** Adds `name = value` to the file's first block (after its attribute `after` when given, aligned when asked). */
function added(text: string, name: string, value: string, after?: string, align = false): string {
  const file = parse(text);
  const block = file.statements.find((s): s is Block => s.kind === 'Block')!;
  const eb = new EditBuilder(text, new LineMap(text));
  const out = apply(text, eb.addEntry(block, name, value, after ? attributesOf(block).get(after) : undefined, align));
  assert.deepEqual(parse(out).syntaxErrors, [], `syntax errors in:\n${out}`);
  return out;
}

describe('EditBuilder.addEntry: a new entry in the block’s own style', () => {
  it('a one-line block gets `, name = value` before `}`, after the given entry', () => {
    const one = 'pipeline p\ndata c { source = "c.csv", target = y }\n';
    assert.equal(added(one, 'version', '"v"', 'source', true), 'pipeline p\ndata c { source = "c.csv", version = "v", target = y }\n');
    assert.equal(added(one, 'version', '"v"', undefined, true), 'pipeline p\ndata c { source = "c.csv", target = y, version = "v" }\n');
    assert.equal(added('pipeline p\nsplit {}\n', 'seed', '42'), 'pipeline p\nsplit { seed = 42 }\n');
  });

  it('an entry on a line that `}` or another entry shares gets `, name = value` after it', () => {
    assert.equal(added('pipeline p\ndata c {\n  source = "c.csv", target = y\n}\n', 'version', '"v"', 'source', true), 'pipeline p\ndata c {\n  source = "c.csv", version = "v", target = y\n}\n');
    assert.equal(added('pipeline p\nsplit {\n  test = 0.2 }\n', 'seed', '42'), 'pipeline p\nsplit {\n  test = 0.2, seed = 42 }\n');
  });

  it('a multi-line block gets a new line indented like its entries, even after an entry on the header line', () => {
    assert.equal(
      added('pipeline p\ndata c { source = "c.csv"\n    target = y\n}\n', 'version', '"v"', 'source', true),
      'pipeline p\ndata c { source = "c.csv"\n    version = "v"\n    target = y\n}\n',
    );
    assert.equal(added('pipeline p\n  model m { kind = logistic\n  }\n', 'seed', '42'), 'pipeline p\n  model m { kind = logistic\n    seed = 42\n  }\n');
    assert.equal(added('pipeline p\ndata c {\n  source  = "c.csv"\n  target  = y\n}\n', 'version', '"v"', 'source', true), 'pipeline p\ndata c {\n  source  = "c.csv"\n  version = "v"\n  target  = y\n}\n');
    assert.equal(added('pipeline p\nsplit {\n}\n', 'seed', '42'), 'pipeline p\nsplit {\n  seed = 42\n}\n');
  });
});
