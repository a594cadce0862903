import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from '../../../server/mlpipe/format/format.js';
import { displayWidth } from '../../../server/mlpipe/format/displayWidth.js';
import { parse } from '../../../server/mlpipe/index.js';
import { basePipeline } from '../checker/fixture.js';
import { shape } from './shape.js';

const messy = `# header comment
pipeline   churn
data customers{
source="c.csv" , target=churned
      key = id   # the entity
}
# about features

feature a=fill_missing( x,0 )
feature longer_name   =   standardize(a,fit=train)*2+-1
model m {
  kind=mlp
  inputs=[a,longer_name]
  layers = [
    64, # wide
    32
  ]
}
evaluate { require auc>=0.8 }
monitor {
  drift a psi>0.2
  drift longer_name js > 0.1
}
`;

const commentTexts = (text: string): string[] => parse(text).comments.map((c) => c.text.trim()).sort();

describe('formatter', () => {
  it('indents by two spaces, aligns =, keeps comments', () => {
    const out = format(messy);
    assert.equal(
      out,
      `# header comment
pipeline churn

data customers {
  source = "c.csv"
  target = churned
  key    = id  # the entity
}

# about features

feature a           = fill_missing(x, 0)
feature longer_name = standardize(a, fit = train) * 2 + -1

model m {
  kind   = mlp
  inputs = [a, longer_name]
  layers = [
    64, # wide
    32
  ]
}

evaluate {
  require auc >= 0.8
}

monitor {
  drift a           psi > 0.2
  drift longer_name js > 0.1
}
`,
    );
  });

  it('is idempotent and keeps the meaning', () => {
    for (const text of [messy, basePipeline(), readFileSync(join(__dirname, '../../../examples/churn/churn.mlpipe'), 'utf8')]) {
      const once = format(text);
      assert.equal(format(once), once);
      assert.deepEqual(shape(parse(once)), shape(parse(text)));
    }
  });

  it('writes a trailing comment once, on the first line made from its source line', () => {
    assert.equal(format('pipeline p\nsplit {seed = 1  # c\n}\n'), 'pipeline p\n\nsplit {  # c\n  seed = 1\n}\n');
    assert.equal(
      format('pipeline p\nmodel m {\n  kind = logistic, seed = 2 # two\n  inputs = [a] }\n'),
      'pipeline p\n\nmodel m {\n  kind   = logistic  # two\n  seed   = 2\n  inputs = [a]\n}\n',
    );
  });

  it('aligns trailing comments within each group of lines, not across the file', () => {
    const text = [
      'pipeline p  # the pipeline',
      'split { test = 0.2, seed = 42 }  # one-line block',
      'feature tenure = fill_missing(customers.tenure_days, 0)  # a',
      'feature t = log1p(tenure)  # b',
      '',
      'feature plan = one_hot(customers.plan)  # alone',
      'environment { backend = cpu }  # env',
      '',
    ].join('\n');
    const out = format(text);
    assert.equal(
      out,
      [
        'pipeline p  # the pipeline',
        '',
        'split {  # one-line block',
        '  test = 0.2',
        '  seed = 42',
        '}',
        '',
        'feature tenure = fill_missing(customers.tenure_days, 0)  # a',
        'feature t      = log1p(tenure)                           # b',
        '',
        'feature plan = one_hot(customers.plan)  # alone',
        '',
        'environment {  # env',
        '  backend = cpu',
        '}',
        '',
      ].join('\n'),
    );
    assert.equal(format(out), out);
    // Inside a block a blank line ends the group too; a value kept over several lines counts its last line.
    assert.equal(
      format('pipeline p\nmodel m {\n  seed = 1  # s\n\n  inputs = [a,  # first\n    b]  # trailing\n  kind = logistic  # k\n}\n'),
      'pipeline p\n\nmodel m {\n  seed   = 1  # s\n\n  inputs = [a,  # first\n    b]               # trailing\n  kind   = logistic  # k\n}\n',
    );
  });

  it('aligns trailing comments by display width: wide characters take two columns, combining marks none', () => {
    const out = format('pipeline p\ndata d {\n  source = "顧客データ.csv"  # wide\n  target = y  # label\n  version = "e\u0301"  # combining\n  format = csv # 😀 in a comment is after the column\n}\n');
    const columns = out
      .split('\n')
      .filter((l) => l.includes('#'))
      .map((l) => displayWidth(l.slice(0, l.indexOf('#'))));
    assert.deepEqual(columns, [30, 30, 30, 30], out);
    assert.match(out, /"顧客データ\.csv"  # wide/);
    assert.equal(format(out), out);
    assert.equal(displayWidth('😀'), 2);
    assert.equal(displayWidth('👩‍👩‍👧'), 2);
    assert.equal(displayWidth('ｱｲ'), 2, 'halfwidth katakana');
    assert.equal(displayWidth('\u200b'), 0);
  });

  it('keeps every comment exactly once and is idempotent, however the lines are joined', () => {
    // Every way of putting a block's header, attributes and close on shared lines, each line with a comment.
    const parts = ['split {', 'seed = 1', 'fraction = 0.2', '}'];
    for (let joins = 0; joins < 1 << (parts.length - 1); joins++) {
      let text = 'pipeline p  # p\n';
      parts.forEach((part, i) => {
        const sameLineAsNext = i < parts.length - 1 && (joins >> i) & 1;
        const sep = sameLineAsNext ? (i > 0 && i < parts.length - 2 ? ', ' : ' ') : `  # c${i}\n`;
        text += part + sep;
      });
      const once = format(text);
      assert.deepEqual(commentTexts(once), commentTexts(text), `comments changed:\n${text}\n---\n${once}`);
      assert.equal(format(once), once, `not idempotent:\n${text}`);
      assert.deepEqual(shape(parse(once)), shape(parse(text)));
    }
  });

  it('keeps a suppression over every line made from the line it silences', () => {
    // Split: the directive again above each attribute of the joined line.
    assert.equal(
      format('pipeline p\ndata t {\n  # mlpipe-disable-next-line unknown-attribute\n  source = "t.csv", colour = red\n}\n'),
      'pipeline p\n\ndata t {\n  # mlpipe-disable-next-line unknown-attribute\n  source = "t.csv"\n  # mlpipe-disable-next-line unknown-attribute\n  colour = red\n}\n',
    );
    // A header and an attribute on the silenced line: the attribute gets its own copy.
    assert.equal(
      format('pipeline p\n# mlpipe-disable-next-line\ndata t { colour = red\n  source = "t.csv"\n}\n'),
      'pipeline p\n\n# mlpipe-disable-next-line\ndata t {\n  # mlpipe-disable-next-line\n  colour = red\n  source = "t.csv"\n}\n',
    );
    // After code on a line that splits, it would cover the second line made from its own: it moves
    // above the line it silences. After code on a line that does not split, it stays.
    assert.equal(
      format('pipeline p\nmodel m { kind = mlp, inputs = [a]  # mlpipe-disable-next-line\n  colour = 1\n  seed = 1 }\nfeature a = 1\n'),
      'pipeline p\n\nmodel m {\n  kind   = mlp\n  inputs = [a]\n  # mlpipe-disable-next-line\n  colour = 1\n  seed   = 1\n}\n\nfeature a = 1\n',
    );
    assert.equal(format('pipeline p\nfeature a = 1  # mlpipe-disable-next-line\nfeature b = 2\n'), 'pipeline p\n\nfeature a = 1  # mlpipe-disable-next-line\nfeature b = 2\n');
    // The suppression between two drift lines of one source line parts them, as it will when formatted again.
    const drifts = format('pipeline p\n# mlpipe-disable-next-line\nmonitor { drift a psi > 0.2, drift bb js > 0.1\n  drift ccc psi > 1 }\n');
    assert.equal(drifts, 'pipeline p\n\n# mlpipe-disable-next-line\nmonitor {\n  # mlpipe-disable-next-line\n  drift a psi > 0.2\n  # mlpipe-disable-next-line\n  drift bb  js > 0.1\n  drift ccc psi > 1\n}\n');
    assert.equal(format(drifts), drifts);
    // A silenced line whose value runs over several lines keeps them: joined, the lines after the
    // first would be silenced too.
    const spread = 'pipeline p\n\n# mlpipe-disable-next-line skew/implicit-missing\nfeature a = log1p(\n  t.num)\n';
    assert.equal(format(spread), spread);
    assert.equal(format('pipeline p\nfeature a = log1p(\n  t.num)\n'), 'pipeline p\n\nfeature a = log1p(t.num)\n');
  });

  it('leaves a file with syntax errors untouched', () => {
    const broken = 'pipeline p\nfeature a = = 1\n';
    assert.equal(format(broken), broken);
  });

  it('keeps CRLF line ends', () => {
    assert.equal(format('pipeline p\r\nfeature a=1\r\n'), 'pipeline p\r\n\r\nfeature a = 1\r\n');
  });

  it('keeps lone CR line ends in a file that has no other (mlpipe format and the editor alike)', () => {
    assert.equal(format('pipeline p\rfeature a=1\r'), 'pipeline p\r\rfeature a = 1\r');
    // A file mixing lone CRs with LFs gets LFs, as before.
    assert.equal(format('pipeline p\rfeature a=1\n'), 'pipeline p\n\nfeature a = 1\n');
  });
});
