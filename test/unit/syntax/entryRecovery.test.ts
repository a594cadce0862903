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
