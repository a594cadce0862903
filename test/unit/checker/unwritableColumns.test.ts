/**
 * A column whose header is not a name ('Monthly Charges', 'plan-type') cannot be written in a
 * pipeline: it is never suggested or written by a quick fix (the line would not parse), and when
 * it is the only close match the message says why it cannot be used.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIdentifier } from '../../../server/mlpipe/syntax/tokens.js';
import { checkText } from './fixture.js';
import { oneFeatureCsv, oneFeaturePipeline } from './targetPipelines.js';

function unknowns(feature: string, header: string[]) {
  return checkText(oneFeaturePipeline(feature), { 'd.csv': oneFeatureCsv(header) }).filter((d) => d.code === 'unknown-reference');
}

describe('columns whose header is not a name', () => {
  it('says the close column cannot be named, and offers no fix writing it', () => {
    const [d, ...rest] = unknowns('min_max(Monthly_Charges)', ['id', 'label', 'Monthly Charges']);
    assert.equal(rest.length, 0);
    assert.match(d!.message, /'Monthly_Charges' is neither a feature nor a column of 'd'\. The column 'Monthly Charges' cannot be named in a \.mlpipe file .*rename it in the data/);
    assert.equal(d!.data, undefined, 'no quick fix');
    assert.doesNotMatch(d!.message, /Did you mean/);
  });

  it('suggests a writable column over an unwritable one just as close', () => {
    const [d] = unknowns('min_max(tenur)', ['id', 'label', 'tenur e', 'tenure']);
    assert.match(d!.message, /Did you mean 'tenure'\?/);
    assert.deepEqual(d!.data, { fix: 'did-you-mean', name: 'tenure' });
  });

  it('the same for a table.column reference', () => {
    const [d] = unknowns('min_max(d.plan_type)', ['id', 'label', 'plan-type']);
    assert.match(d!.message, /has no column 'plan_type'\. The column 'plan-type' cannot be named/);
  });

  it("a dotted header (R's iris: 'sepal.length') written as a reference says the column cannot be named", () => {
    const [d, ...rest] = unknowns('min_max(d.sepal.length)', ['id', 'label', 'sepal.length']);
    assert.equal(rest.length, 0);
    assert.equal(
      d!.message,
      "'d.sepal.length' has too many parts: write 'table.column'. The column 'sepal.length' cannot be named in a .mlpipe file (a name is letters, digits and '_', not starting with a digit): rename it in the data to use it.",
    );
    const [bare] = unknowns('min_max(sepal.length)', ['id', 'label', 'sepal.length']);
    assert.match(bare!.message, /^no 'data' block is called 'sepal'\. The column 'sepal\.length' cannot be named/);
    // Without such a column, the plain messages.
    assert.equal(unknowns('min_max(d.sepal.length)', ['id', 'label', 'sepal_length'])[0]!.message, "'d.sepal.length' has too many parts: write 'table.column'.");
    assert.doesNotMatch(unknowns('min_max(sepal.length)', ['id', 'label', 'sepal_length'])[0]!.message, /cannot be named/);
  });

  it("a hyphenated header written as it is ('sqft-living' reads as a subtraction) is one error naming the column, not two unknown names", () => {
    // Each part was reported alone, the first with a "did you mean" of the feature 'f'.
    const [d, ...rest] = unknowns('min_max(sqft-living)', ['id', 'label', 'sqft-living']);
    assert.equal(rest.length, 0, JSON.stringify(rest));
    assert.equal(
      d!.message,
      "'sqft' is neither a feature nor a column of 'd': 'sqft-living' reads as 'sqft' minus 'living'. The column 'sqft-living' cannot be named in a .mlpipe file (a name is letters, digits and '_', not starting with a digit): rename it in the data to use it.",
    );
    assert.equal(d!.data, undefined, 'no quick fix');
    const [q, ...more] = unknowns('min_max(d.year-built-2)', ['id', 'label', 'year-built-2']);
    assert.equal(more.length, 0, JSON.stringify(more));
    assert.match(q!.message, /^'d\.year': 'd' \(d\.csv\) has no column 'year': 'year-built-2' reads as 'year' minus 'built' minus '2'\. The column 'year-built-2' cannot be named/);
    // A history table's hyphenated column read by a window: one error for the column, none for 'living'.
    const windowed = checkText(oneFeaturePipeline('fill_missing(window_sum(h.sqft-living, 30d, as_of = t), 0)').replace('data d {', 'data h {\n  source = "h.csv"\n  key    = id\n  time   = t\n}\n\ndata d {').replace('  key    = id\n}', '  key    = id\n  time   = t\n}'), {
      'd.csv': oneFeatureCsv(['id', 'label', 't']).replace(/\n(\d+),(\d+),(\d+)/g, (_, a, b) => `\n${a},${b},2025-01-0${(Number(a) % 9) + 1}`),
      'h.csv': 'id,t,sqft-living\n1,2025-01-01,3\n',
    }).filter((d) => d.severity === 'error');
    assert.equal(windowed.length, 1, JSON.stringify(windowed));
    assert.match(windowed[0]!.message, /^'h\.sqft': 'h' \(h\.csv\) has no column 'sqft': 'sqft-living' reads as 'sqft' minus 'living'\./);
    // A known first part: the error is on the unknown one.
    const [k, ...others] = unknowns('min_max(year-built)', ['id', 'label', 'year', 'year-built']);
    assert.equal(others.length, 0, JSON.stringify(others));
    assert.match(k!.message, /^'built' is neither a feature nor a column of 'd': 'year-built' reads as 'year' minus 'built'\./);
    // A subtraction written with spaces, or of names the header has no hyphenated column of, is plain arithmetic.
    assert.doesNotMatch(unknowns('min_max(sqft - living)', ['id', 'label', 'sqft-living'])[0]!.message, /minus/);
    assert.doesNotMatch(unknowns('min_max(sqft-living)', ['id', 'label', 'sqft_living'])[0]!.message, /minus/);
  });

  it("names a header written with spaces around the name ('x ', from a spreadsheet export), however short", () => {
    for (const [ref, header] of [
      ['min_max(x)', 'x '],
      ['min_max(d.x)', ' x'],
      ['min_max(tenure)', 'tenure\t'],
    ] as const) {
      const [d, ...rest] = unknowns(ref, ['id', 'label', header]);
      assert.equal(rest.length, 0);
      assert.match(d!.message, new RegExp(`Its header has '${header}', with spaces around the name: remove them in the data\\.$`), d!.message);
      assert.equal(d!.data, undefined, 'no quick fix');
    }
  });

  it('names characters around a header name that print as nothing (a second byte-order mark, a zero-width space)', () => {
    // A file saved twice with a byte-order mark keeps the second in its first name: it was "with
    // spaces around the name", and a zero-width space was no hint at all.
    for (const [header, words] of [
      ['\ufeffx', 'a byte-order mark (U+FEFF: the file starts with two, or was joined to another that has one) beside the name (it prints as nothing): remove it in the data'],
      ['\u200bx', 'a zero-width space (U+200B) beside the name (it prints as nothing): remove it in the data'],
      ['x\u200b\u2060', 'a zero-width space (U+200B) and a word joiner (U+2060) around the name (they print as nothing): remove them in the data'],
      [' x\u200d', 'spaces and a zero-width joiner (U+200D) around the name (it prints as nothing): remove them in the data'],
    ] as const) {
      const [d, ...rest] = unknowns('min_max(x)', ['id', 'label', header]);
      assert.equal(rest.length, 0);
      assert.equal(d!.message, `'x' is neither a feature nor a column of 'd'. Its header has '${header}', with ${words}.`);
      assert.equal(d!.data, undefined, 'no quick fix');
    }
  });

  it('finds each unknown name its own padded header, from one index of the headers per check', () => {
    const ds = unknowns('min_max(x) + min_max(y) + min_max(d.z) + min_max(w)', ['id', 'label', 'x ', ' y', 'z\t', 'y  ']);
    const said = ds.map((d) => d.message.match(/Its header has '([^']*)'/)?.[1] ?? d.message);
    // 'w' is close to nothing: the names there are (headers that are names only) are listed.
    assert.deepEqual(said, ['x ', ' y', 'z\t', "'w' is neither a feature nor a column of 'd'. Its columns are 'id' and 'label'. The only feature is 'f'."]);
  });

  it('stays quiet on a column that is a name, beside ones that are not', () => {
    assert.deepEqual(unknowns('min_max(charges)', ['id', 'label', 'Monthly Charges', 'charges']), []);
  });

  it('isIdentifier is the lexer rule', () => {
    for (const ok of ['a', '_x', 'A1_b']) assert.ok(isIdentifier(ok), ok);
    for (const bad of ['', '1a', 'a-b', 'a b', 'ü', 'a.b']) assert.ok(!isIdentifier(bad), bad);
  });
});
