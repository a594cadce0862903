import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { format } from '../../../server/mlpipe/format/format.js';
import { formatLineSpans, type TextChange } from '../../../server/mlpipe/format/formatRange.js';
import { formatRanges } from '../../../server/lsp/formatting.js';
import { memoryHost } from '../checker/fixture.js';

const apply = (text: string, changes: TextChange[]) => [...changes].sort((a, b) => b.start - a.start).reduce((t, c) => t.slice(0, c.start) + c.newText + t.slice(c.end), text);
const spans = (text: string, ...lines: Array<[number, number]>) => apply(text, formatLineSpans(text, lines));

describe('range formatting (formatLineSpans)', () => {
  const messy = 'pipeline p\nfeature a=1\nfeature bb = 2   # c\n\nmodel m { kind = mlp, seed=1 }\nfeature zz=3\n';

  it('formats only the statements the lines touch, as whole-document formatting writes them', () => {
    assert.equal(spans(messy, [4, 4]), 'pipeline p\nfeature a=1\nfeature bb = 2   # c\n\nmodel m {\n  kind = mlp\n  seed = 1\n}\nfeature zz=3\n');
    // A feature in a run: aligned with the whole run, as whole-document formatting aligns it; the blank line above is its own.
    assert.equal(spans(messy, [1, 1]), 'pipeline p\n\nfeature a  = 1\nfeature bb = 2   # c\n\nmodel m { kind = mlp, seed=1 }\nfeature zz=3\n');
    assert.equal(spans(messy, [0, 100]), format(messy));
  });

  it('gives one change for each run of adjacent statements, and none for formatted lines', () => {
    assert.equal(formatLineSpans(messy, [[1, 1], [2, 2]]).length, 1);
    assert.equal(formatLineSpans(messy, [[1, 1], [5, 5]]).length, 2);
    assert.deepEqual(formatLineSpans(format(messy), [[0, 100]]), []);
    assert.deepEqual(formatLineSpans(messy, [[0, 0]]), [], 'the pipeline line is formatted already');
  });

  it('takes the comments and blank lines above a statement with it, and the comments after the last one with the last part', () => {
    const text = 'pipeline p\n\n\n\n# about a\n   # more\nfeature a=1\n# the end\n   # really\n';
    assert.equal(spans(text, [6, 6]), 'pipeline p\n\n# about a\n# more\nfeature a = 1\n# the end\n   # really\n');
    assert.equal(spans(text, [8, 8]), 'pipeline p\n\n\n\n# about a\n   # more\nfeature a=1\n# the end\n# really\n');
  });

  it('keeps a suppression covering the lines it covered: repeated above each line made from the line it silences', () => {
    const text = 'pipeline p\n# mlpipe-disable-next-line\ndata t { colour = red\n  source = "t.csv"\n}\nfeature a=1\n';
    const ranged = spans(text, [3, 3]);
    assert.equal(ranged, 'pipeline p\n\n# mlpipe-disable-next-line\ndata t {\n  # mlpipe-disable-next-line\n  colour = red\n  source = "t.csv"\n}\nfeature a=1\n');
    const codes = (t: string) => analyze(t, memoryHost({ 't.csv': 'x\n1\n' })).diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes(ranged), codes(text));
  });

  it('keeps a suppression written after a statement that formatting moves above the next one, whichever of the two the lines touch', () => {
    // The comment ends a line that splits, so formatting writes it above the line it covers: the next statement.
    const text = 'pipeline p\nenvironment { lockfile = "x.json", backend = cpu } # mlpipe-disable-next-line\nfeature z = log1p(1)\n';
    const whole = format(text);
    assert.match(whole, /# mlpipe-disable-next-line\nfeature z/);
    for (const line of [1, 2]) assert.equal(spans(text, [line, line]), whole, `lines ${line}`);
  });

  it('leaves a file with syntax errors alone, and writes the line ends the file uses', () => {
    assert.deepEqual(formatLineSpans('pipeline p\nfeature a=(1\nfeature b=2\n', [[2, 2]]), []);
    assert.equal(spans('pipeline p\r\nmodel m { kind = mlp, seed=1 }\r\n', [1, 1]), 'pipeline p\r\n\r\nmodel m {\r\n  kind = mlp\r\n  seed = 1\r\n}\r\n');
    // The last statement without a line break after it gets the one whole-document formatting adds.
    assert.equal(spans('pipeline p\nfeature a=1', [1, 1]), 'pipeline p\n\nfeature a = 1\n');
  });
});

describe('range formatting over LSP ranges (formatRanges)', () => {
  it('leaves out the line a range ends at the start of, and keeps a byte order mark', () => {
    const text = '\ufeffpipeline p\nfeature a=1\nfeature b=2\n';
    const range = (l0: number, c0: number, l1: number, c1: number) => ({ start: { line: l0, character: c0 }, end: { line: l1, character: c1 } });
    const edits = formatRanges(text, [range(1, 0, 2, 0)]);
    assert.deepEqual(edits, [{ range: range(1, 0, 2, 0), newText: '\nfeature a = 1\n' }]);
    assert.deepEqual(formatRanges(text, [range(1, 0, 2, 1)]), [{ range: range(1, 0, 3, 0), newText: '\nfeature a = 1\nfeature b = 2\n' }]);
  });
});
