/**
 * A broken entry of a one-line block is skipped to its ',', not to the end of the line:
 * `serve { m odel = m, defaults { … } }` skipped the defaults block unread (serving filled
 * nothing, the outline showed no defaults) under the one diagnostic for `m odel`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { serveDefaultsBlock } from '../../../server/mlpipe/served.js';

test("a broken entry on one line gets one diagnostic of its own, and the block's next entries are still read", () => {
  const text = 'pipeline p\nserve { m odel = m, defaults { tenure_days = 0 } }\n';
  const a = analyze(text);
  const syntax = a.diagnostics.filter((d) => d.code === 'syntax');
  assert.deepEqual(
    syntax.map((d) => [d.message, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]),
    [["expected 'm = VALUE'", 'm odel = m']],
  );
  const defaults = serveDefaultsBlock(a.binding);
  assert.ok(defaults, 'the defaults block is read');
  assert.deepEqual(
    defaults.entries.map((e) => (e.kind === 'Attribute' ? e.name.name : e.kind)),
    ['tenure_days'],
  );
});

test('a broken entry that ends its line keeps its diagnostic to the line end', () => {
  const text = 'pipeline p\nserve {\n  m odel = m\n  defaults { tenure_days = 0 }\n}\n';
  const [d] = analyze(text).diagnostics.filter((x) => x.code === 'syntax');
  assert.deepEqual([d?.range.start, d?.range.end], [{ line: 2, character: 2 }, { line: 2, character: 12 }]);
});

/** The syntax diagnostics of `text` as [message, the text they cover], and the serve block's defaults. */
function recovered(text: string): { syntax: Array<[string, string]>; defaults: string[] | undefined } {
  const a = analyze(text);
  const syntax = a.diagnostics
    .filter((d) => d.code === 'syntax')
    .map((d): [string, string] => [d.message, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);
  const defaults = serveDefaultsBlock(a.binding)?.entries.map((e) => (e.kind === 'Attribute' ? e.name.name : e.kind));
  return { syntax, defaults };
}

test("an entry that does not start with a name is skipped to its ',', and the block's next entries are still read", () => {
  assert.deepEqual(recovered('pipeline p\nserve { 1 = m, defaults { tenure_days = 0 } }\n'), {
    syntax: [["expected 'name = value'", '1 = m']],
    defaults: ['tenure_days'],
  });
});

test("text after a complete entry on one line is skipped to the next ',', and the block's next entries are still read", () => {
  assert.deepEqual(recovered('pipeline p\nserve { model = m x, defaults { tenure_days = 0 } }\n'), {
    syntax: [["unexpected 'x': one entry per line, or separate entries with ','", 'x']],
    defaults: ['tenure_days'],
  });
});

test("text after a nested block's '}' is skipped to the next ',' of the enclosing block", () => {
  assert.deepEqual(recovered('pipeline p\nserve { other { a = 1 } x, defaults { tenure_days = 0 } }\n'), {
    syntax: [["unexpected 'x': one entry per line, or separate entries with ','", 'x']],
    defaults: ['tenure_days'],
  });
});

test('at the top level, text after a complete statement still goes with the rest of its line', () => {
  const text = 'pipeline p\nfeature a = 1 b, feature c = 2\n';
  const f = analyze(text);
  const syntax = f.diagnostics.filter((d) => d.code === 'syntax');
  assert.deepEqual(
    syntax.map((d) => text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)),
    ['b, feature c = 2'],
  );
});
