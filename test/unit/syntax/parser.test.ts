import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, parse } from '../../../server/mlpipe/index.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';

function syntaxLines(text: string): number[] {
  const lines = new LineMap(text);
  return parse(text).syntaxErrors.map((e) => lines.positionAt(e.start).line);
}

describe('parser', () => {
  it('reads every construct of the language with ranges', () => {
    const text = 'pipeline p\nfeature f = clip(-3 + x * 2, lo = 0, hi = 1e-3)\nserve { model = m@production, port = 80 }\nmonitor {\n  drift f psi > 0.2\n}\n';
    const file = parse(text);
    assert.deepEqual(file.syntaxErrors, []);
    assert.equal(file.pipeline?.name?.name, 'p');
    const f = file.statements[0];
    assert.equal(f.kind, 'Feature');
    if (f.kind !== 'Feature' || f.value.kind !== 'Call') throw new Error('expected a call');
    assert.equal(text.slice(f.value.start, f.value.end), 'clip(-3 + x * 2, lo = 0, hi = 1e-3)');
    const first = f.value.args[0];
    assert.equal(first.kind, 'Binary');
    if (first.kind === 'Binary') {
      assert.equal(first.op, '+');
      assert.equal(first.right.kind, 'Binary'); // * binds tighter than +
    }
    const serve = file.statements[1];
    assert.equal(serve.kind, 'Block');
    if (serve.kind === 'Block') {
      assert.equal(serve.entries.length, 2);
      const model = serve.entries[0];
      assert.ok(model.kind === 'Attribute' && model.value.kind === 'Reference' && model.value.at?.text === 'production');
    }
  });

  it('keywords are contextual: a column may be called data or feature', () => {
    const file = parse('pipeline p\nfeature x = fill_missing(data, 0) + model\n');
    assert.deepEqual(file.syntaxErrors, []);
  });

  it('durations, strings with escapes and CRLF line ends', () => {
    const text = 'pipeline p\r\ndata t {\r\n  source = "a\\"b\\\\c"\r\n}\r\nfeature w = window_sum(h.v, 12h)\r\n';
    const file = parse(text);
    assert.deepEqual(file.syntaxErrors, []);
    const t = file.statements[0];
    assert.ok(t.kind === 'Block' && t.entries[0].kind === 'Attribute' && t.entries[0].value.kind === 'String');
    if (t.kind === 'Block' && t.entries[0].kind === 'Attribute' && t.entries[0].value.kind === 'String') assert.equal(t.entries[0].value.value, 'a"b\\c');
    const w = file.statements[1];
    assert.ok(w.kind === 'Feature' && w.value.kind === 'Call' && w.value.args[1].kind === 'Duration' && w.value.args[1].seconds === 43200);
  });

  it('one bad line yields one diagnostic and the rest is still read', () => {
    const text = 'pipeline p\nfeature a = = 3\nfeature b = log1p(x)\nmodel m {\n  kind = mlp $$ oops\n  inputs = [a, b]\n}\n';
    assert.deepEqual(syntaxLines(text), [1, 4]);
    const file = parse(text);
    assert.equal(file.statements.length, 3);
    const m = file.statements[2];
    assert.ok(m.kind === 'Block' && m.entries.some((e) => e.kind === 'Attribute' && e.name.name === 'inputs'));
  });

  it('a number glued to a word that is no duration unit says which units there are', () => {
    // '1y' and '30min' are what a user tries for a year or half an hour.
    for (const d of ['1y', '30min', '6months', '500ms']) {
      const [e] = parse(`pipeline p\nfeature f = window_mean(t.c, ${d}, as_of = x)\n`).syntaxErrors;
      assert.equal(e?.message, `'${d}' is not a number, duration or name: a duration is a number and one of the units s, m, h, d, w ('90d', '12h')`);
    }
  });

  it('a name that starts with a digit (a header such as 1stFlrSF) says a name cannot, not which units there are', () => {
    for (const d of ['1stFlrSF', '2nd_score', '3SsnPorch']) {
      const [e] = parse(`pipeline p\nfeature f = standardize(${d})\n`).syntaxErrors;
      assert.equal(e?.message, `'${d}' is not a number, duration or name: a name cannot start with a digit (a column named so must be renamed in the data to be used)`);
      // Through its table too (it was "expected ',' or ')' in arguments, found '.1stFlrSF'").
      const text = `pipeline p\nfeature f = standardize(houses.${d})\n`;
      const errors = parse(text).syntaxErrors;
      assert.deepEqual(errors.map((x) => [x.message, text.slice(x.start, x.end)]), [[`'.${d}' is not a number, duration or name: a name cannot start with a digit (a column named so must be renamed in the data to be used)`, `.${d}`]]);
    }
  });

  it('a word with letters beyond ASCII (a header such as Größe or 中文) is named whole and told names are ASCII, as a name or as a value', () => {
    for (const [word, first] of [
      ['café', 'é'],
      ['naïve_bayes', 'ï'],
      ['中文', '中'],
      ['état2', 'é'],
      ['x𝑥', '𝑥'],
    ]) {
      const message = `'${word}' is not a name: names are ASCII letters, digits and '_' ('${first}' is not one); a column named so must be renamed in the data to be used`;
      for (const text of [`pipeline p\nfeature f = standardize(${word})\n`, `pipeline p\nfeature f = standardize(orders.${word})\n`, `pipeline p\nfeature ${word} = 1\n`, `pipeline p\nmodel ${word} {\n}\n`]) {
        const errors = parse(text).syntaxErrors;
        assert.deepEqual(
          errors.map((e) => [e.message, text.slice(e.start, e.end)]),
          [[message, word]],
          text,
        );
      }
    }
    // In strings and comments they are text like any other.
    assert.deepEqual(parse('pipeline p\nfeature f = fill_missing(t.c, "café") # Größe\n').syntaxErrors, []);
  });

  it('a feature or block whose name starts with a digit is told so at the name, not that a block was expected', () => {
    const text = 'pipeline p\nfeature 9x = 1\n';
    const [e] = parse(text).syntaxErrors;
    assert.equal(e?.message, "'9x' is not a number, duration or name: a name cannot start with a digit (a column named so must be renamed in the data to be used)");
    assert.equal(text.slice(e!.start, e!.end), '9x');
  });

  it('an unclosed bracket is reported at its line and parsing resumes at the next statement', () => {
    const text = 'pipeline p\nmodel m {\n  kind = mlp\n  inputs = [a,\n    b\n}\nfeature a = log1p(x\nfeature b = log1p(y)\n';
    assert.deepEqual(syntaxLines(text), [3, 6]);
    const names = parse(text).statements.map((s) => (s.kind === 'Feature' ? s.name.name : s.type.name));
    assert.deepEqual(names, ['model', 'a', 'b']);
  });

  it('a list may span lines; a block header inside it ends it', () => {
    assert.deepEqual(syntaxLines('pipeline p\nmodel m {\n  inputs = [\n    a,\n    b,\n  ]\n}\n'), []);
    assert.deepEqual(syntaxLines('pipeline p\nmodel m {\n  inputs = [a,\nevaluate {\n}\n'), [1, 2]);
  });

  it('a missing closing brace is reported on the block header once', () => {
    const text = 'pipeline p\ndata t {\n  source = "x.csv"\nmodel m {\n  kind = mlp\n}\n';
    assert.deepEqual(syntaxLines(text), [1]);
    assert.equal(parse(text).statements.length, 2);
  });

  it('an unclosed string stops at the end of its line', () => {
    const text = 'pipeline p\ndata t {\n  source = "x.csv\n  target = y\n}\n';
    assert.deepEqual(syntaxLines(text), [2]);
  });

  it('a missing pipeline line, a stray brace and a top-level attribute', () => {
    assert.deepEqual(syntaxLines('feature a = 1\n'), [0]);
    assert.deepEqual(syntaxLines('pipeline p\n}\nx = 3\n'), [1, 2]);
    assert.deepEqual(syntaxLines(''), [0]);
  });

  it('never throws on arbitrary bytes', () => {
    for (const text of ['\u0000\u0001', '{{{{', ']]]', '"', 'pipeline', 'pipeline p\nfeature', '@@@', '# only a comment', '\uFEFFpipeline p\n']) {
      const a = analyze(text);
      for (const d of a.diagnostics) assert.ok(d.start >= 0 && d.end <= text.length);
    }
  });
});

describe('an invisible character in the text', () => {
  // A NUL byte, a bell, an ESC, DEL, a zero-width space: at the end of an entry, in a list, in a call, alone.
  const cases: Array<[string, string]> = [
    ['\u0000', 'U+0000'],
    ['\u0007', 'U+0007'],
    ['\u001b', 'U+001B'],
    ['\u007f', 'U+007F'],
    ['\u200b', 'U+200B'],
  ];
  for (const [ch, name] of cases)
    it(`${name} is named by its code point in every syntax error, never written as it is`, () => {
      for (const text of [
        `pipeline p\ndata d {\n  target = y${ch}z\n}\n`,
        `pipeline p\nmodel m {\n  inputs = [a ${ch}]\n}\n`,
        `pipeline p\nfeature f = log1p(x ${ch})\n`,
        `pipeline p\nfeature f = ${ch}\n`,
      ]) {
        const messages = parse(text).syntaxErrors.map((e) => e.message);
        assert.ok(messages.length > 0, JSON.stringify(text));
        assert.ok(messages.some((m) => m.includes(`${name} (an invisible character: delete it)`)), `${JSON.stringify(text)}: ${JSON.stringify(messages)}`);
        for (const m of messages) assert.doesNotMatch(m, /[\p{Cc}\p{Cf}]/u, JSON.stringify(m));
      }
    });

  it('a visible stray character is still quoted as it is', () => {
    assert.deepEqual(parse('pipeline p\nfeature f = x $\n').syntaxErrors.map((e) => e.message), ["unexpected '$': one entry per line, or separate entries with ','"]);
  });
});

describe('string escapes', () => {
  it('decodes \\", \\\\, \\n and \\t; any other is an error naming all four', () => {
    const value = (text: string) => {
      const t = parse(`pipeline p\ndata d {\n  source = ${text}\n}\n`).statements.find((s) => s.kind === 'Block');
      return t?.kind === 'Block' && t.entries[0].kind === 'Attribute' && t.entries[0].value.kind === 'String' ? t.entries[0].value.value : undefined;
    };
    assert.equal(value('"a\\tb\\nc"'), 'a\tb\nc');
    const messages = parse('pipeline p\ndata d {\n  source = "a\\qb"\n}\n').syntaxErrors.map((e) => e.message);
    assert.deepEqual(messages, ["unknown escape '\\q' in string: use \\\", \\\\, \\n or \\t"]);
  });
});

describe('a very long token', () => {
  it('is quoted by its start and its length, not whole', () => {
    const long = 'y'.repeat(300_000);
    for (const text of [`pipeline p\nmodel m {\n  kind = mlp ${long}\n}\n`, `pipeline p\nfeature f = log1p(x ${long})\n`, `pipeline p\nmodel m {\n  inputs = [a ${long}]\n}\n`]) {
      const messages = parse(text).syntaxErrors.map((e) => e.message);
      assert.ok(messages.length > 0);
      for (const m of messages) assert.ok(m.length < 200, `${m.length} characters: ${m.slice(0, 120)}`);
      assert.ok(messages.some((m) => m.includes(`'${'y'.repeat(40)}…' (300000 characters)`)), JSON.stringify(messages.map((m) => m.slice(0, 120))));
    }
  });

  it('of astral characters is cut between them, never through one (the cut once recursed without end)', () => {
    // Both parities: the 40th code unit is a pair's first half in one, its second in the other.
    for (const lead of ['', 'a']) {
      const text = `pipeline p\nfeature f = x "${lead}${'😀'.repeat(30)}\n`;
      const messages = parse(text).syntaxErrors.map((e) => e.message);
      assert.ok(messages.length > 0, text);
      for (const m of messages) assert.doesNotMatch(m, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `a half pair in ${JSON.stringify(m)}`);
      assert.ok(messages.some((m) => m.includes(`…' (${lead.length + 61} characters)`)), JSON.stringify(messages));
    }
  });
});

describe('a statement continued on the next line', () => {
  const errors = (text: string) => {
    const lines = new LineMap(text);
    return parse(text).syntaxErrors.map((e) => [lines.positionAt(e.start).line, e.message]);
  };
  const DANGLING = "expected a value before the end of the line: an expression ends with its line, so keep it on one line (only '(' … ')', lists and calls may span lines)";

  it('is one error, at the line that ends early, not a second one for the rest', () => {
    // Each was also "expected a block ('data NAME {') or a 'feature NAME = …' line" on the next line.
    assert.deepEqual(errors('pipeline p\nfeature f =\n  log1p(t.x)\nfeature g = log1p(t.y)\n'), [[1, DANGLING]]);
    assert.deepEqual(errors('pipeline p\nfeature f = t.x +\n  t.y\n'), [[1, DANGLING]]);
    assert.deepEqual(errors('pipeline p\nmodel m {\n  inputs =\n    [f]\n  kind = mlp\n}\n'), [[2, DANGLING]]);
  });

  it('still reads the next line when it is a statement or entry of its own, and reports its errors', () => {
    const text = 'pipeline p\nsplit {\n  test =\n  seed = 3\n}\n';
    assert.deepEqual(errors(text), [[2, DANGLING]]);
    const split = parse(text).statements[0];
    assert.ok(split.kind === 'Block' && split.entries.some((e) => e.kind === 'Attribute' && e.name.name === 'seed'));
    // A block on the next line is parsed as ever: a bad entry in it is its own error.
    assert.deepEqual(errors('pipeline p\nfeature q =\nmodel m { $$ }\nfeature r = $$\n').map(([l]) => l), [1, 2, 3]);
  });

  it('parentheses, lists and calls still span lines', () => {
    assert.deepEqual(errors('pipeline p\nfeature f = (t.x\n  + t.y)\nfeature g = clip(\n  t.x, 0, 1\n)\n'), []);
  });
});

describe('a value written as in other languages', () => {
  const messages = (value: string) => parse(`pipeline p\nsplit {\n  seed = ${value}\n}\n`).syntaxErrors.map((e) => e.message);

  it('numbers of the spec read, with exponents, a leading dot and a minus sign', () => {
    for (const v of ['42', '0.001', '1e-3', '2E+2', '.5', '-3', '4.2e1']) assert.deepEqual(messages(v), [], v);
  });

  it('digit groups, an exponent or a decimal point without digits, and a plus sign say what is wrong', () => {
    // Each said "a name cannot start with a digit", "unexpected '.'" or only "expected a value, found '+'".
    assert.deepEqual(messages('1_000'), ["'1_000' is not a number: digits cannot be grouped with '_'; write '1000'"]);
    assert.deepEqual(messages('1_000.5'), ["'1_000.5' is not a number: digits cannot be grouped with '_'; write '1000.5'"]);
    assert.deepEqual(messages('1e'), ["'1e' is not a number: an exponent needs digits, e.g. '1e-3'"]);
    assert.deepEqual(messages('2.5E-'), ["'2.5E-' is not a number: an exponent needs digits, e.g. '1e-3'"]);
    assert.deepEqual(messages('42.'), ["'42.' is not a number: a decimal point needs digits after it; write '42' or '42.0'"]);
    assert.deepEqual(messages('+0.2'), ["expected a value, found '+': a number takes no '+' sign, write it without one"]);
    assert.deepEqual(messages('20%'), ["unexpected '%': a share is written as a fraction, e.g. 'test = 0.2' for 20%"]);
    // A duration's unit in capitals said "a name cannot start with a digit".
    assert.deepEqual(messages('90D'), ["'90D' is not a duration: units are lowercase, write '90d'"]);
    assert.deepEqual(messages('1.5H'), ["'1.5H' is not a duration: units are lowercase, write '1.5h'"]);
    assert.deepEqual(messages('6M'), ["'6M' is not a duration: the units are s, m (minutes), h, d and w, in lowercase"]);
    // A name that starts with a digit is still told so.
    assert.deepEqual(messages('1ex'), ["'1ex' is not a number, duration or name: a name cannot start with a digit (a column named so must be renamed in the data to be used)"]);
  });

  it("a block written as an HCL map ('defaults = { … }') is told a block takes no '='", () => {
    const text = 'pipeline p\nserve {\n  model = r\n  defaults = { plan = "basic" }\n}\n';
    assert.deepEqual(
      parse(text).syntaxErrors.map((e) => e.message),
      ["a value cannot start with '{': a block is written without '=', as 'defaults { … }'"],
    );
  });
});

describe("a pipeline written as a block ('pipeline churn { … }')", () => {
  it("is an error at its '{' and one at the closing '}', and what is between is read", () => {
    const text = 'pipeline p {\n  data t {\n    source = "t.csv"\n    target = y\n  }\n  feature f = log1p(t.x)\n}\n';
    const file = parse(text);
    const lines = new LineMap(text);
    assert.deepEqual(file.syntaxErrors.map((e) => [lines.positionAt(e.start).line, e.message]), [
      [0, "'pipeline NAME' is a line of its own, not a block: remove this '{' and the '}' that closes it"],
      [6, "unmatched '}': no block is open here"],
    ]);
    // The whole file was skipped to the '}', so the check also said it had no 'data' block.
    assert.deepEqual(file.statements.map((s) => s.kind), ['Block', 'Feature']);
    assert.equal(file.pipeline?.name?.name, 'p');
  });
});

describe("a 'feature' line without a name", () => {
  it('says to name it, not that the line belongs inside a block', () => {
    // It said "'feature = …' belongs inside a block" and, for a number, "expected a block".
    assert.deepEqual(parse('pipeline p\nfeature = log1p(t.x)\n').syntaxErrors.map((e) => e.message), ["name the feature: 'feature NAME = …'"]);
    assert.deepEqual(parse('pipeline p\nfeature 3 = log1p(t.x)\n').syntaxErrors.map((e) => e.message), [
      "'3' is not a name: a feature's name is ASCII letters, digits and '_', not starting with a digit",
    ]);
  });
});
