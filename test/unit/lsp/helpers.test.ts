import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionSite } from '../../../server/lsp/completionSite.js';
import { markdownToPlain, snippetToPlain } from '../../../server/lsp/plainText.js';
import { openCallAt, signatureHelpAt } from '../../../server/lsp/signatureHelp.js';
import { findLockfile } from '../../../server/lsp/lockfiles.js';
import { DEFAULT_SETTINGS, readSettings } from '../../../server/lsp/settings.js';

/** The site at the `|` marker. */
function siteAt(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return completionSite(textWithCursor.replace('|', ''), offset);
}

describe('completionSite', () => {
  it('top level, a block entry, and an attribute value', () => {
    assert.equal(siteAt('pipeline p\nmo|').kind, 'topLevel');
    const entry = siteAt('pipeline p\nmodel m {\n  kind = mlp\n  ep|\n}\n');
    assert.equal(entry.kind, 'blockEntry');
    if (entry.kind === 'blockEntry') {
      assert.equal(entry.block.kind, 'model');
      assert.equal(entry.prefix, 'ep');
      assert.ok(entry.written.has('kind'));
    }
    const value = siteAt('pipeline p\nmodel m {\n  kind = |\n}\n');
    assert.equal(value.kind, 'attributeValue');
    if (value.kind === 'attributeValue') assert.equal(value.attribute, 'kind');
  });

  it('feature expressions, with the table before a dot', () => {
    const s = siteAt('pipeline p\nfeature a = fill_missing(customers.ten|');
    assert.equal(s.kind, 'featureExpr');
    if (s.kind === 'featureExpr') {
      assert.equal(s.table, 'customers');
      assert.equal(s.prefix, 'ten');
    }
  });

  it('inputs, require and drift lines', () => {
    const inputs = siteAt('pipeline p\nmodel m {\n  inputs = [a, b, |\n}\n');
    assert.equal(inputs.kind, 'inputs');
    if (inputs.kind === 'inputs') assert.deepEqual([...inputs.listed].sort(), ['a', 'b']);
    assert.equal(siteAt('pipeline p\nevaluate {\n  require |\n}\n').kind, 'require');
    assert.equal(siteAt('pipeline p\nmonitor {\n  drift |\n}\n').kind, 'driftTarget');
    const stat = siteAt('pipeline p\nmonitor {\n  drift order_z |\n}\n');
    assert.equal(stat.kind, 'driftStat');
    if (stat.kind === 'driftStat') assert.equal(stat.target, 'order_z');
  });

  it('nothing inside comments and strings, but the string typed as an attribute value', () => {
    assert.equal(siteAt('pipeline p\n# a comment with mo|').kind, 'none');
    assert.deepEqual(siteAt('pipeline p\ndata t {\n  source = "data/cu|"\n}\n'), { kind: 'stringValue', block: { kind: 'data', name: 't', open: 18 }, parent: undefined, attribute: 'source', written: 'data/cu' });
    assert.equal(siteAt('pipeline p\nfeature f = fill_missing(t.c, "da|")\n').kind, 'none');
    assert.equal(siteAt('pipeline p\ndata t {\n  source = "a" # "da|"\n}\n').kind, 'none');
  });

  it('reads a lone carriage return as a line end, as the lexer does (Neovim’s fileformat=mac sends lines joined by CR)', () => {
    const cr = (t: string) => siteAt(t.replace(/\n/g, '\r'));
    // A comment above ended at the next line: before, the rest of the file was that comment.
    const value = cr('# a comment\npipeline p\nregister r {\n  from = m\n  stage = |\n}\n');
    assert.equal(value.kind, 'attributeValue');
    if (value.kind === 'attributeValue') assert.equal(value.attribute, 'stage');
    // A statement ends at the line end: the line before is not part of the one being typed.
    const entry = cr('pipeline p\nmodel m {\n  kind = mlp\n  ep|\n}\n');
    assert.equal(entry.kind, 'blockEntry');
    if (entry.kind === 'blockEntry') assert.deepEqual([entry.prefix, [...entry.written]], ['ep', ['kind']]);
    assert.deepEqual(cr('pipeline p\ndata t {\n  source = "unclosed\n  key = |\n}\n'), siteAt('pipeline p\ndata t {\n  source = "unclosed\n  key = |\n}\n'));
    assert.equal(cr('pipeline p\n# a comment\nmo|').kind, 'topLevel');
  });
});

describe('findLockfile', () => {
  const files = new Set(['/ws/package-lock.json', '/ws/ml/requirements.txt', '/other/yarn.lock']);
  const exists = (p: string) => files.has(p);
  it('takes the nearest folder first, relative to the pipeline, with / separators', () => {
    assert.equal(findLockfile('/ws/ml/churn.mlpipe', ['/ws'], exists), 'requirements.txt');
    assert.equal(findLockfile('/ws/ml/deep/churn.mlpipe', ['/ws'], exists), '../requirements.txt');
    assert.equal(findLockfile('/ws/app/churn.mlpipe', ['/ws'], exists), '../package-lock.json');
  });
  it('stops at the workspace root that holds the pipeline', () => {
    assert.equal(findLockfile('/ws2/a/p.mlpipe', ['/ws2'], exists), undefined);
  });
});

describe('readSettings', () => {
  it('reads the section, the nested section and flat dotted keys', () => {
    assert.equal(readSettings({ diagnostics: { debounceMs: 20 } }).debounceMs, 20);
    assert.equal(readSettings({ mlpipe: { diagnostics: { debounceMs: 30 }, data: { maxSampleBytes: 99 } } }).maxSampleBytes, 99);
    assert.equal(readSettings({ 'mlpipe.diagnostics.debounceMs': 40 }).debounceMs, 40);
  });
  it('ignores values of the wrong type or range and keeps the defaults', () => {
    assert.deepEqual(readSettings({ diagnostics: { debounceMs: -5 }, data: { maxSampleBytes: 'big' } }), DEFAULT_SETTINGS);
    assert.deepEqual(readSettings(null), DEFAULT_SETTINGS);
  });
});

describe('plain text for clients without markdown or snippets', () => {
  it('turns snippets into the text their defaults insert', () => {
    assert.equal(snippetToPlain('model ${1:name} {\n  kind = ${2|mlp,logistic|}\n  inputs = [${3}]\n}'), 'model name {\n  kind = mlp\n  inputs = []\n}');
    assert.equal(snippetToPlain('split {\n  $0\n}'), 'split {\n}');
    assert.equal(snippetToPlain('a ${1:b ${2:c}} \\$x'), 'a b c $x');
  });
  it('turns markdown into plain lines: quotes for code, no emphasis, fences, table rules or blank lines', () => {
    assert.equal(
      markdownToPlain('**data t**: primary\n- Source: `a.csv`\n\n| column | type |\n| --- | --- |\n| `x` | integer |\n```mlpipe\nfeature f = g(x)\n```\n*Fitted.*'),
      "data t: primary\nSource: 'a.csv'\ncolumn  type\n'x'  integer\nfeature f = g(x)\nFitted.",
    );
  });
  it("keeps a fenced block's lines as written: a product's '*' and a string's backticks are code", () => {
    assert.equal(markdownToPlain('```mlpipe\nfeature x = log1p(a) * log1p(b) * 2\n```\n- Reads: `a`'), "feature x = log1p(a) * log1p(b) * 2\nReads: 'a'");
    // A longer fence (a string holding three backticks) ends only at a fence as long.
    assert.equal(markdownToPlain('````mlpipe\nfeature f = fill_missing(p, "```")\n````\n*Fitted.*'), 'feature f = fill_missing(p, "```")\nFitted.');
  });
});

describe('openCallAt', () => {
  const at = (t: string) => openCallAt(t.replace('|', ''), t.indexOf('|'));
  it('finds the innermost open call and the argument under the cursor', () => {
    assert.deepEqual(at('feature f = clip(x, |'), { name: 'clip', index: 1 });
    assert.deepEqual(at('feature f = fill_missing(log1p(|x), 0)'), { name: 'log1p', index: 0 });
    assert.deepEqual(at('feature f = bucketize(x, [1, 2], n = |'), { name: 'bucketize', index: 2, named: 'n' });
    assert.equal(at('feature f = g(x) |'), undefined);
    assert.equal(at('feature f = g("(|'), undefined);
    assert.equal(at('feature f = g(x # (|'), undefined);
  });

  it('ends a comment or a string at a lone carriage return, as the lexer does', () => {
    assert.deepEqual(at('# a comment\rfeature f = clip(x, |'), { name: 'clip', index: 1 });
    assert.deepEqual(at('data t {\r  source = "unclosed\r}\rfeature f = clip(x, |'), { name: 'clip', index: 1 });
  });
});

describe('signatureHelpAt', () => {
  const help = (t: string, labelOffsets = true) => signatureHelpAt(t.replace('|', ''), t.indexOf('|'), false, labelOffsets)!;
  it('makes the argument being typed active: by position, past the positional ones the named one not yet given, or by name', () => {
    assert.equal(help('feature w = window_mean(orders.v, 90d, |').activeParameter, 2);
    assert.equal(help('feature w = window_mean(orders.v, 90d, as_|').activeParameter, 2);
    assert.equal(help('feature w = window_mean(orders.v, 90d, as_of = |').activeParameter, 2);
    assert.equal(help('feature w = window_mean(orders.v, |').activeParameter, 1);
    const std = help('feature z = standardize(x, |');
    const names = std.signatures[0].parameters!.map((p) => p.label);
    assert.equal(names[std.activeParameter!], names[1], 'the first named argument');
    assert.equal(help('feature z = standardize(x, mean = 1, |').activeParameter, 2, 'mean is given: std is next');
    assert.equal(help('feature z = standardize(x, mean = 1, f|').activeParameter, 3, 'fit, by the name being typed');
    assert.equal(help('feature f = fill_missing(x, |').activeParameter, 1);
  });

  it('labels parameters by offsets only for a client that takes them, else by their text', () => {
    const withOffsets = help('feature w = window_mean(orders.v, 90d, |');
    const sig = withOffsets.signatures[0];
    const spans = sig.parameters!.map((p) => sig.label.slice(...(p.label as [number, number])));
    assert.deepEqual(spans, ['table.col', 'DURATION', 'as_of = primary.time']);
    assert.deepEqual(help('feature w = window_mean(orders.v, 90d, |', false).signatures[0].parameters!.map((p) => p.label), spans);
  });
});
