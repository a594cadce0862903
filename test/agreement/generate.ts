/**
 * fast-check generators of small pipelines with small data tables: zero-padded ids, all-missing
 * columns, booleans, negatives, huge numbers, unicode, CRLF. Arguments are written positionally
 * or named in any order, and literal values range over the ones that broke the checker before.
 * Features read other features (fitted on fitted, forward references, loops); arithmetic takes
 * literals, parentheses and negation; targets are binary, multiclass, labels or real values;
 * models are logistic, linear or mlp, with gates, registration stages, serve and monitor
 * settings, an environment block, suppression comments, comments and comma-separated attributes,
 * and strings with escapes (a category, a vocabulary, a fill or a serve default) matching text
 * cells a CSV quotes; `version` pins (right, stale or no hash) and `format = csv`; a served model
 * with no register block. Not written: zero or two targets, several models (together.test.ts adds
 * one), unknown blocks and attributes, Parquet (files.test.ts reads one).
 */
import fc from 'fast-check';
import { hashOf } from '../unit/checker/fixture.js';

export interface DataCase {
  /** CSV text of the primary table 'events' (file 'events.csv'). */
  csv: string;
  rows: number;
  /** Every file a case's data blocks may name, by source: 'events.csv' and 'visits.csv'. */
  files: Record<string, string>;
  /** The kind of the target column 'y' (`TARGETS`). */
  target: TargetKind;
}

export interface PipelineCase {
  data: DataCase;
  text: string;
}

// The last three are text a pipeline writes with escapes ("say \"hi\"", "c\\d", "x\ny") and the
// CSV quotes (a doubled quote, a line break inside a quoted cell).
const CATS = ['a', 'b', 'ünï', '日本', 'x y', '007', '7', 'say "hi"', 'c\\d', 'x\ny'];

/** A CSV cell as RFC 4180 writes it: quoted when it holds a space, a quote, a comma or a line break. */
const csvCell = (v: string) => (/[ ",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Which cases a generator draws: 'any' writes every error above now and then; 'valid' leaves out
 * what a check must refuse (out-of-range literals, unknown columns, cycles, bad time cells, stale
 * pins, tasks that do not fit the target…) and keeps the edge cells (unicode, zero-padded ids,
 * missing values, CRLF), so that most of its cases check clean and exercise "a clean check runs".
 */
export type Bias = 'any' | 'valid';

/** Whole numbers a 'valid' case writes where the checker wants one from 1 (or 2) up. */
const wholeLiteral = fc.integer({ min: 2, max: 50 }).map(String);

/** Literal numbers: ordinary, edge and out-of-range values. */
export const literalNumber = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 50 }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('0', '1', '-1', '0.5', '1.5', '1e300', '1e309', '5000000000', '4294967295', '4294967296', '-3.25', '1e-3'), weight: 1 },
);

const cell = {
  id: (i: number, pad: boolean) => (pad ? String(i).padStart(3, '0') : String(i)),
  num: fc.oneof(fc.integer({ min: -100, max: 1000 }).map(String), fc.constant('')),
  big: fc.oneof(fc.constantFrom('1e300', '-1e300', '12', '', 'NA'), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => String(x))),
  frac: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }).map((x) => x.toFixed(3)), fc.constant('')),
  cat: fc.oneof(fc.constantFrom(...CATS), fc.constant('')),
  flag: fc.constantFrom('true', 'false'),
};

/**
 * The history table 'visits' (file 'visits.csv', its own key and time): keys written zero-padded
 * or not independently of the events' ids, some with no event and rarely one that is text (the
 * join of a text key with integer ids); times in one format per file (a date, UTC or offset
 * date-times, epoch seconds or milliseconds) or mixed cell by cell, some missing, rarely one that
 * is no time; values with missing cells and rarely a text one; and rarely no rows at all.
 */
const TIME_FORMATS = ['date', 'utc', 'offset', 'epoch-s', 'epoch-ms'] as const;
function timeCell(format: (typeof TIME_FORMATS)[number], month: number, day: number, hour: number): string {
  const ms = Date.UTC(2025, month - 1, day, hour);
  const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  switch (format) {
    case 'date':
      return date;
    case 'utc':
      return `${date}T${String(hour).padStart(2, '0')}:30:00Z`;
    case 'offset':
      return `${date}T${String(hour).padStart(2, '0')}:00:00+02:00`;
    case 'epoch-s':
      return String(ms / 1000);
    case 'epoch-ms':
      return String(ms);
  }
}

const visitsArb = (groups: number, bias: Bias) =>
  fc
    .record({
      rows: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 25 }), weight: 12 }, { arbitrary: fc.constant(0), weight: 1 }),
      pad: fc.boolean(),
      format: bias === 'valid' ? fc.constantFrom(...TIME_FORMATS) : fc.oneof({ arbitrary: fc.constantFrom(...TIME_FORMATS), weight: 8 }, { arbitrary: fc.constant('mixed' as const), weight: 1 }),
      textKey: bias === 'valid' ? fc.constant(false) : fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }),
      badTime: bias === 'valid' ? fc.constant(undefined) : fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, { arbitrary: fc.constantFrom('2025-02-30', 'later'), weight: 1 }),
      textValue: bias === 'valid' ? fc.constant(false) : fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }),
    })
    .chain(({ rows, pad, format, textKey, badTime, textValue }) =>
      fc
        .array(
          fc.record({
            key: fc.integer({ min: 0, max: groups + 2 }),
            month: fc.integer({ min: 1, max: 9 }),
            day: fc.integer({ min: 1, max: 28 }),
            hour: fc.integer({ min: 0, max: 23 }),
            cellFormat: fc.constantFrom(...TIME_FORMATS),
            missingTime: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
            v: fc.oneof({ arbitrary: fc.integer({ min: -50, max: 500 }).map(String), weight: 8 }, fc.constant(''), fc.constantFrom('2.5', '-0')),
          }),
          { minLength: rows, maxLength: rows },
        )
        .map((cells) => {
          const lines = ['id,ts,v'];
          cells.forEach((c, i) => {
            const key = textKey && i === 0 ? 'x1' : cell.id(c.key, pad);
            const ts = badTime && i === cells.length - 1 ? badTime : c.missingTime ? '' : timeCell(format === 'mixed' ? c.cellFormat : format, c.month, c.day, c.hour);
            lines.push([key, ts, textValue && i === 0 ? 'abc' : c.v].join(','));
          });
          return lines.join('\n') + '\n';
        }),
    );

/**
 * The target's cells, by kind: binary 0/1 (mostly) or text, three integer or text classes, real
 * values and many whole numbers (regression by the spec's rule), 0/1 written with zero padding
 * ('01' is the class 1, as the engine keys the typed value, whatever the spelling) and as
 * decimals ('1.0', pandas' floats: regression unless the model says 'task = classification').
 */
const TARGETS = {
  binary: ['0', '1'],
  text: ['no', 'yes'],
  multiclass: ['0', '1', '2'],
  labels: ['billing', 'churn', 'ok'],
  real: ['0.25', '1.5', '-2.75', '3.125', '10', '0'],
  counts: Array.from({ length: 14 }, (_, i) => String(i * 3)),
  padded: ['0', '1', '01', '00', '001'],
  // 0/1 as pandas writes a float column: regression by the spec's rule, classes with 'task = classification'.
  decimals: ['0.0', '1.0'],
};
type TargetKind = keyof typeof TARGETS;
const targetArb = fc.oneof(
  { arbitrary: fc.constant('binary' as const), weight: 12 },
  { arbitrary: fc.constant('text' as const), weight: 3 },
  { arbitrary: fc.constantFrom('multiclass' as const, 'labels' as const, 'real' as const, 'counts' as const), weight: 4 },
  { arbitrary: fc.constant('padded' as const), weight: 1 },
  { arbitrary: fc.constant('decimals' as const), weight: 2 },
);

/** The data tables; 'valid' ones have enough rows for a split and no time cell that is no time. */
const dataOf = (bias: Bias): fc.Arbitrary<DataCase> => fc
  .record({
    rows: bias === 'valid' ? fc.integer({ min: 16, max: 30 }) : fc.integer({ min: 6, max: 30 }),
    groups: fc.integer({ min: 2, max: 20 }),
    pad: fc.boolean(),
    crlf: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .chain(({ rows, groups, pad, crlf }) =>
    fc
      .record({
        num: fc.array(cell.num, { minLength: rows, maxLength: rows }),
        big: fc.array(cell.big, { minLength: rows, maxLength: rows }),
        frac: fc.array(cell.frac, { minLength: rows, maxLength: rows }),
        cat: fc.array(cell.cat, { minLength: rows, maxLength: rows }),
        flag: fc.array(cell.flag, { minLength: rows, maxLength: rows }),
        y: fc.array(fc.nat(), { minLength: rows, maxLength: rows }),
        target: targetArb,
        // Rarely a target cell missing (the runner drops the row; the checker counts without it).
        missingY: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.nat(), weight: 1 }),
        // A time cell the engine's parser refuses ('at' is the split's time, the windows' 'as_of'
        // and the history table's time): 'invalid-value' in the check, refused by the run.
        visits: visitsArb(groups, bias),
        // The events' time: mostly dates, else one other format for the whole file, or mixed
        // cell by cell (epoch numbers make 'at' a numeric column: the split's order, 'as_of' and
        // a serve default for it then read numbers).
        atFormat: bias === 'valid' ? fc.oneof({ arbitrary: fc.constant('date' as const), weight: 6 }, fc.constantFrom(...TIME_FORMATS)) : fc.oneof({ arbitrary: fc.constant('date' as const), weight: 6 }, fc.constantFrom(...TIME_FORMATS), { arbitrary: fc.constant('mixed' as const), weight: 1 }),
        atCellFormats: fc.array(fc.constantFrom(...TIME_FORMATS), { minLength: rows, maxLength: rows }),
        badAt: bias === 'valid' ? fc.constant(undefined) : fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 12 },
          { arbitrary: fc.record({ row: fc.nat(), value: fc.constantFrom('2025-02-30', '2025-04-01T25:00', '2025/04/01', 'soon') }), weight: 1 },
        ),
      })
      .map((c) => {
        const header = 'id,at,num,big,frac,cat,flag,empty,y';
        const lines = [header];
        // The first two rows hold two classes, so a classifier has two (a one-class target is its own case).
        const labels = TARGETS[c.target];
        c.y[0] = 0;
        c.y[1] = 1;
        for (let i = 0; i < rows; i++) {
          const day = String(1 + (i % 28)).padStart(2, '0');
          const y = c.missingY !== undefined && c.missingY % rows === i && i > 1 ? '' : labels[c.y[i]! % labels.length]!;
          const cat = csvCell(c.cat[i]!);
          const format = c.atFormat === 'mixed' ? c.atCellFormats[i]! : c.atFormat;
          const at = c.badAt && c.badAt.row % rows === i ? c.badAt.value : timeCell(format, 1 + (i % 9), Number(day), i % 24);
          lines.push([cell.id(i % groups, pad), at, c.num[i], c.big[i], c.frac[i], cat, c.flag[i], '', y].join(','));
        }
        const csv = lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        return { csv, rows, files: { 'events.csv': csv, 'visits.csv': c.visits }, target: c.target };
      }),
  );
export const dataArb: fc.Arbitrary<DataCase> = dataOf('any');

const NUMERIC = ['num', 'big', 'frac', 'empty', 'id'];
const ANY = [...NUMERIC, 'cat', 'flag', 'at'];

type Arg = { name: string; value: string };

/** A call with its arguments positional (in signature order) or named (in any order). */
function call(fn: string, positional: Arg[], named: Arg[], asNamed: boolean, order: number[]): string {
  const all = asNamed ? [...positional, ...named] : named;
  const written = asNamed ? order.filter((k) => k < all.length).map((k) => `${all[k]!.name} = ${all[k]!.value}`) : all.map((a) => `${a.name} = ${a.value}`);
  const pos = asNamed ? [] : positional.map((a) => a.value);
  return `${fn}(${[...pos, ...written].join(', ')})`;
}

/** Mostly one of `valid`, rarely one of `invalid` (so that clean cases stay plentiful). */
const mostly = (valid: string[], invalid: string[], bias: Bias = 'any') => bias === 'valid' ? fc.constantFrom(...valid) : fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 8 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });

const order = fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

// 'numm' is a misspelt 'num' (the 'did-you-mean' fix), written rarely.
const column = (cols: string[], bias: Bias = 'any') =>
  (bias === 'valid' ? fc.constantFrom(...cols) : fc.oneof({ arbitrary: fc.constantFrom(...cols), weight: 30 }, fc.constant('numm'))).map((c) => (c === 'at' ? 'at' : `events.${c}`));

/**
 * A window over 'hist' (the same file as a history table), with or without 'as_of': without
 * it, 'skew/not-point-in-time' and its 'add-as-of' fix.
 */
const windowArb = fc
  .record({ agg: fc.constantFrom('window_mean', 'window_sum', 'window_count', 'window_max', 'window_min'), col: fc.constantFrom('num', 'big', 'frac'), days: fc.constantFrom('30d', '90d'), asOf: fc.boolean() })
  .map((r) => `fill_missing(${r.agg}(hist.${r.col}, ${r.days}${r.asOf ? ', as_of = events.at' : ''}), 0)`);

/**
 * A window over 'visits', of a length from an hour to a quarter in every unit ('5400s',
 * '2880m'), with or without 'fill_missing': an empty window's mean, min or max is missing, so a
 * row can lose the feature (the checker's missing-every-row pass, over two history tables).
 */
const visitsWindowArb = (bias: Bias) => fc
  .record({
    agg: fc.constantFrom('window_mean', 'window_sum', 'window_count', 'window_max', 'window_min'),
    len: fc.constantFrom('1h', '36h', '2w', '90d', '5400s', '2880m'),
    fill: fc.boolean(),
    // Rarely an 'as_of' that is not the table's time and has missing cells ('num', read as epoch
    // seconds): 'skew/implicit-missing' and its fix, which must wrap the window, not the 'as_of'.
    asOf: bias === 'valid' ? fc.constant('events.at') : fc.oneof({ arbitrary: fc.constant('events.at'), weight: 6 }, fc.constant('events.num')),
  })
  .map((r) => {
    const w = `${r.agg}(visits.v, ${r.len}, as_of = ${r.asOf})`;
    return r.fill ? `fill_missing(${w}, -1)` : w;
  });

/** Literals a one_hot vocabulary lists: categories of 'cat' (text and number-like), numbers, one no row holds. */
const ESCAPED = ['"say \\"hi\\""', '"c\\\\d"', '"x\\ny"'];
const VOCABULARY = ['"a"', '"b"', '"日本"', '"007"', '7', '1', '-1', '"zzz"', ...ESCAPED];

/**
 * One feature expression over the primary table's columns and the other features named in
 * `features` and, rarely, `later` (read bare, as a user writes `standardize(avg_order_90d)`):
 * fitted on fitted, fill_missing covering a column through another feature, forward references.
 */
export function exprOver(features: readonly string[], later: readonly string[] = [], bias: Bias = 'any'): fc.Arbitrary<string> {
  const valid = bias === 'valid';
  // A 'valid' expression reads numbers (not the all-missing column) where a number is wanted,
  // literals in their ranges (bounds in order, whole counts from 2), no feature through a
  // window and no later feature (a loop), and encodes only text or whole columns, as a whole feature.
  const num = valid ? NUMERIC.filter((c) => c !== 'empty') : NUMERIC;
  const literal = valid ? fc.oneof({ arbitrary: fc.integer({ min: 1, max: 50 }).map(String), weight: 6 }, fc.constantFrom('0.5', '1.5', '-3.25', '1e-3')) : literalNumber;
  const whole = valid ? wholeLiteral : literalNumber;
  const ordered = (a: string | undefined, b: string | undefined): [string | undefined, string | undefined] =>
    valid && a !== undefined && b !== undefined && !(Number(a) < Number(b)) ? [b === a ? undefined : b, a] : [a, b];
  const oneHot = fc.record({
      x: valid
        ? fc.oneof(column(['cat', 'id', 'flag'], bias), fc.constantFrom('"none"', '"ü"', ...ESCAPED).map((v) => `fill_missing(events.cat, ${v})`))
        : features.length ? fc.oneof({ arbitrary: column(ANY), weight: 3 }, fc.constantFrom(...features)) : column(ANY),
      fit: opt(fc.constantFrom('train', 'all')),
      vocabulary: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, fc.uniqueArray(fc.constantFrom(...VOCABULARY), { minLength: valid ? 1 : 0, maxLength: 3 })),
      named: fc.boolean(),
      order,
    }).map((r) =>
      call(
        'one_hot',
        [{ name: 'x', value: r.x }],
        [...(r.vocabulary ? [{ name: 'vocabulary', value: `[${r.vocabulary.join(', ')}]` }] : []), ...(r.fit ? [{ name: 'fit', value: r.fit }] : [])],
        r.named,
        r.order,
      ),
    );
  const expr = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: column(num, bias), weight: 3 },
      column(valid ? num : ANY, bias),
      // Another feature, read bare; rarely through a window, which takes a history column only
      // ('unknown-transform'; the engine refuses it).
      ...(features.length
        ? [
            {
              arbitrary: valid ? fc.constantFrom(...features) : fc.oneof(
                { arbitrary: fc.constantFrom(...features), weight: 10 },
                fc.constantFrom(...features).map((f) => `fill_missing(window_sum(${f}, 30d, as_of = events.at), 0)`),
              ),
              weight: 3,
            },
          ]
        : []),
      // Rarely a feature defined further down (forward references are fine; a loop is 'feature-cycle').
      ...(later.length && !valid ? [{ arbitrary: fc.constantFrom(...later), weight: 1 }] : []),
      // The spec's own form, log1p(fill_missing(col, 0)): no missing cell, yet log1p leaves the
      // rows below -1 missing (the runner's rows left out, which the checker counts).
      fc.record({ col: fc.constantFrom('num', 'frac'), v: fc.constantFrom('0', '-5') }).map((r) => `log1p(fill_missing(events.${r.col}, ${r.v}))`),
      // Arithmetic with a literal (either side, the other side parenthesised or not: '/ 0' too),
      // and negation of an expression or a column.
      fc.record({ a: tie('expr'), op: fc.constantFrom('+', '-', '*', '/'), lit: literal, first: fc.boolean(), paren: fc.boolean() }).map((r) => {
        const a = r.paren ? `(${r.a})` : r.a;
        return r.first ? `${r.lit} ${r.op} ${a}` : `${a} ${r.op} ${r.lit}`;
      }),
      fc.record({ a: tie('expr'), paren: fc.boolean() }).map((r) => (r.paren ? `-(${r.a})` : `-${r.a}`)),
      (valid
        ? fc.record({ x: column(NUMERIC, bias), v: literal, named: fc.boolean(), order })
        : fc.record({ x: column(ANY), v: fc.oneof({ arbitrary: literalNumber, weight: 4 }, fc.constantFrom('"none"', 'true', '"ü"', ...ESCAPED)), named: fc.boolean(), order })
      ).map((r) =>
        call('fill_missing', [{ name: 'x', value: r.x }, { name: 'value', value: r.v }], [], r.named, r.order),
      ),
      fc.record({ x: tie('expr'), mean: opt(literal), std: opt(valid ? wholeLiteral : literalNumber), fit: opt(valid ? fc.constantFrom('train', 'all') : fc.constantFrom('train', 'all', 'both')), named: fc.boolean(), order }).map((r) =>
        call(
          'standardize',
          [{ name: 'x', value: r.x }],
          [
            ...(r.mean ? [{ name: 'mean', value: r.mean }] : []),
            ...(r.std ? [{ name: 'std', value: r.std }] : []),
            ...(r.fit ? [{ name: 'fit', value: r.fit }] : []),
          ],
          r.named,
          r.order,
        ),
      ),
      fc.record({ x: tie('expr'), min: opt(literal), max: opt(literal), fit: opt(fc.constantFrom('train', 'all')), named: fc.boolean(), order }).map((r) => {
        [r.min, r.max] = ordered(r.min, r.max);
        return call(
          'min_max',
          [{ name: 'x', value: r.x }],
          [...(r.min ? [{ name: 'min', value: r.min }] : []), ...(r.max ? [{ name: 'max', value: r.max }] : []), ...(r.fit ? [{ name: 'fit', value: r.fit }] : [])],
          r.named,
          r.order,
        );
      }),
      tie('expr').map((x) => `log1p(${x})`),
      fc.record({ x: tie('expr'), lo: literal, hi: literal, named: fc.boolean(), order }).map((r) => {
        const [lo, hi] = valid && Number(r.lo) >= Number(r.hi) ? [r.hi, String(Number(r.lo) + 1)] : [r.lo, r.hi];
        return call('clip', [{ name: 'x', value: r.x }, { name: 'lo', value: lo! }, { name: 'hi', value: hi! }], [], r.named, r.order);
      }),
      fc.record({ x: tie('expr'), n: whole, fit: opt(fc.constantFrom('train', 'all')), named: fc.boolean(), order }).map((r) =>
        call('bucketize', [{ name: 'x', value: r.x }], [{ name: 'n', value: r.n }, ...(r.fit ? [{ name: 'fit', value: r.fit }] : [])], r.named, r.order),
      ),
      fc.record({ x: tie('expr'), edges: fc.array(literal, { minLength: 1, maxLength: 3 }) }).map((r) => {
        const edges = valid ? [...new Set(r.edges.map(Number))].sort((a, b) => a - b).map(String) : r.edges;
        return `bucketize(${r.x}, [${edges.join(', ')}])`;
      }),
      ...(valid ? [] : [oneHot]),
      fc.record({ x: valid ? column(['cat', 'id'], bias) : tie('expr'), n: whole, named: fc.boolean(), order }).map((r) =>
        call('hash_bucket', [{ name: 'x', value: r.x }, { name: 'n', value: r.n }], [], r.named, r.order),
      ),
      fc.record({ a: tie('expr'), b: tie('expr'), op: fc.constantFrom('+', '-', '*', '/') }).map((r) => `${r.a} ${r.op} ${r.b}`),
      windowArb,
      visitsWindowArb(bias),
    ),
  })).expr;
  return valid ? fc.oneof({ arbitrary: expr, weight: 4 }, oneHot) : expr;
}

/** One feature expression over the primary table's columns alone. */
export const exprArb: fc.Arbitrary<string> = exprOver([]);

/** Feature expressions for names f0..f(n-1): each reads columns, the features before it and rarely one after. */
const featuresOf = (bias: Bias) => fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => exprOver(names(0, i), names(i + 1, n), bias))))
  .map((t): string[] => [...t]);
function names(from: number, to: number): string[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => `f${from + k}`);
}

const CLASSIFICATION_METRICS = ['accuracy', 'auc', 'precision', 'recall', 'f1', 'log_loss'];
const REGRESSION_METRICS = ['rmse', 'mae', 'r2'];

/** Suppression codes: warnings it silences and errors it never may ('' is every code). */
const SUPPRESSED = ['', 'invalid-value', 'type-mismatch', 'unknown-reference', 'feature-cycle', 'skew/implicit-missing', 'repro/unseeded-split', 'repro/unseeded-model', 'lifecycle/unused-feature', 'skew/hard-coded-baseline'];

function pipelineOf(bias: Bias): fc.Arbitrary<PipelineCase> {
  const valid = bias === 'valid';
  /** `all` in any case, `clean` alone in a 'valid' one. */
  const pick = <T>(all: fc.Arbitrary<T>, clean: fc.Arbitrary<T>) => (valid ? clean : all);
  return fc
  .record({
    data: dataOf(bias),
    features: featuresOf(bias),
    // Mostly every feature is an input; else only the last, the others used through it or not at all.
    inputs: fc.oneof({ arbitrary: fc.constant('all' as const), weight: 5 }, fc.constant('last' as const)),
    // Rarely no split block (the spec's defaults: test = 0.2, random, unseeded).
    splitBlock: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, fc.constant(false)),
    test: pick(fc.constantFrom('0.2', '0.2', '0.3', '0.3', '0.6', '1.5'), fc.constantFrom('0.2', '0.3')),
    validation: opt(pick(fc.constantFrom('0.1', '0.5'), fc.constant('0.1'))),
    // A 'valid' split is mostly seeded (an unseeded one is a warning, and its verdict covers trial seeds).
    seed: pick(
      opt(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1000 }).map(String), weight: 6 }, fc.constantFrom('1.5', '1e309', '-1', '4294967295'))),
      fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1000 }).map(String), weight: 4 }, fc.constant(undefined)),
    ),
    by: pick(opt(fc.constantFrom('id', 'cat')), fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, fc.constant('id'))),
    order: opt(fc.constantFrom('random', 'time')),
    time: pick(fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), fc.constant(true)),
    task: opt(fc.constantFrom('classification', 'regression')),
    epochs: pick(fc.constantFrom('1', '2', '2', '2', '1e300'), fc.constantFrom('1', '2')),
    modelSeed: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    // The model's kind and, for an mlp, its shape and optimizer settings.
    // (a logistic model of a regression target mostly becomes a linear or mlp one: 'fitKind').
    kind: fc.oneof({ arbitrary: fc.constant('logistic'), weight: 4 }, fc.constantFrom('mlp', 'linear')),
    fitKind: pick(fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, fc.constant(false)), fc.constant(true)),
    mlp: fc.record({
      layers: opt(mostly(['[4]', '[8, 4]'], ['[0]', '[]'], bias)),
      activation: opt(fc.constantFrom('relu', 'tanh', 'sigmoid', 'elu', 'gelu')),
      optimizer: opt(fc.constantFrom('adam', 'sgd', 'rmsprop', 'adagrad')),
      learningRate: opt(mostly(['0.01', '0.001'], ['0', '-1'], bias)),
      batchSize: opt(mostly(['4', '256'], ['0'], bias)),
    }),
    // Gates, mostly of the task's family ('fitMetric'), pointing the better way ('>=' for a score,
    // '<=' for an error) with thresholds inside the metric's values, and compare_to (in one
    // pipeline of four: a gate is an error of its own more often than other attributes are).
    evaluate: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      fc.record({
        requires: fc.array(
          fc.record({ k: fc.nat(), fitMetric: pick(fc.oneof({ arbitrary: fc.constant(true), weight: 8 }, fc.constant(false)), fc.constant(true)), op: mostly(['better'], ['>=', '<'], bias), value: mostly(['0.5', '0.1'], ['0', '1', '2', '-1'], bias) }),
          { minLength: 0, maxLength: 2 },
        ),
        // (not in a 'valid' case, which may register nothing to compare with)
        compareTo: pick(opt(fc.constantFrom('production', 'staging', 'archived')), fc.constant(undefined)),
      }),
    ),
    stage: opt(fc.constantFrom('staging', 'production')),
    // 'serve' with or without 'monitor' ('lifecycle/unmonitored-serving' and 'add-monitor').
    serve: opt(fc.constantFrom('monitored', 'unmonitored')),
    // The served model named bare, by stage or by version (one no run has registered yet too).
    servedAs: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, fc.constantFrom('@production', '@staging', '@1', '@7')),
    // 'version' pins on every data block (the content hash of its file), else none; rarely a
    // stale pin (the hash of other bytes: 'repro/data-changed') or one that is no hash
    // ('invalid-value'). And now and then 'format = csv', which the file's name already says.
    pin: pick(
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.constant('right' as const), weight: 8 }, { arbitrary: fc.constantFrom('stale' as const, 'malformed' as const), weight: 1 }),
      fc.constantFrom(undefined, 'right' as const),
    ),
    format: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true)),
    // Rarely no register block: serving loads versions of a registered model, so serving the
    // model itself or a name nothing registers is an error (and serving refuses the block).
    unregistered: pick(fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, fc.constantFrom('m', 'served_m')), fc.constant(undefined)),
    port: opt(mostly(['8080', '0'], ['65536', '-1', '1.5'], bias)),
    logPredictions: opt(mostly(['true', 'false'], ['1'], bias)),
    monitorWindow: opt(mostly(['500', '1'], ['0', '1.5'], bias)),
    // A line on the model's output (chi2's p-value is small on drift: 'chi2 < 0.05').
    // (a 'valid' one of a statistic that fits any task's output: 'chi2' compares classes, 'ks' numbers).
    driftPrediction: opt(fc.record({ line: pick(mostly(['psi > 0.2', 'js > 0.1', 'ks > 0.2', 'wasserstein > 0.1', 'chi2 < 0.05'], ['psi < 0.2', 'chi2 > 0.05']), fc.constantFrom('psi > 0.2', 'js > 0.1')) })),
    onDrift: fc.oneof({ arbitrary: fc.constant('retrain'), weight: 4 }, fc.constantFrom('alert', '')),
    reference: opt(mostly(['training'], ['live'], bias)),
    // Rarely an environment block (deterministic = true fixes an unseeded split's seed).
    environment: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 5 },
      // (no GPU backend in a 'valid' one: it cannot keep 'deterministic = true')
      fc.record({ backend: opt(pick(fc.constantFrom('auto', 'cpu', 'gpu', 'wasm'), fc.constantFrom('auto', 'cpu', 'wasm'))), deterministic: opt(fc.constantFrom('true', 'false')) }),
    ),
    // Rarely a suppression comment before some line, of a warning or of an error (never silenced).
    suppress: fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, fc.record({ line: fc.nat(), code: fc.constantFrom(...SUPPRESSED) })),
    // Comments, attributes separated by commas on one line, and a list over several lines.
    compact: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true)),
    // The monitor's line: any statistic, pointing either way ('invalid-value' and
    // 'flip-comparison' when it points away from drift), thresholds in and out of the statistic's
    // values; 'ks' and 'wasserstein' of a one_hot feature are 'invalid-value' with a 'did-you-mean'.
    // The first feature named like the column it reads, bare: it reads itself ('feature-cycle'
    // and its 'qualify-column' fix), written rarely.
    // A serve default of any type for a column of any type: one its field cannot take is
    // 'invalid-value' in the check and stops serving at start ('serveDefaultProblem').
    // Written in one served pipeline of four, so clean cases stay plentiful. A default for 'at'
    // comes with a window reading 'at' as its 'as_of': the default must then be a time ('"x"' and
    // 'true' are not; '"2025-03-01"', '0' and '"1.5"' are). '"NA"' is a missing value in any
    // column: it fills nothing, an error where no fill_missing covers the field.
    // A 'valid' default fits its column's type.
    serveDefault: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      {
        arbitrary: pick(
          fc.record({ column: fc.constantFrom('num', 'frac', 'cat', 'flag', 'big', 'at', 'at'), value: fc.constantFrom('0', '"x"', 'true', '"1.5"', '-2.5', '"2025-03-01"', '"NA"', ...ESCAPED) }),
          fc.oneof(
            fc.record({ column: fc.constantFrom('num', 'frac', 'big'), value: fc.constantFrom('0', '-2.5') }),
            fc.record({ column: fc.constant('cat'), value: fc.constantFrom('"x"', ...ESCAPED) }),
            fc.record({ column: fc.constant('flag'), value: fc.constant('true') }),
            fc.record({ column: fc.constant('at'), value: fc.constant('"2025-03-01"') }),
          ),
        ),
        weight: 1,
      },
    ),
    // Now and then a second default, for another column ('0' fits a number, '"b"' a text).
    secondDefault: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 2 },
      pick(
        fc.record({ column: fc.constantFrom('num', 'frac', 'cat', 'big'), value: fc.constantFrom('0', '"b"', ESCAPED[1]!) }),
        fc.oneof(fc.record({ column: fc.constantFrom('num', 'frac', 'big'), value: fc.constant('0') }), fc.record({ column: fc.constant('cat'), value: fc.constantFrom('"b"', ESCAPED[1]!) })),
      ),
    ),
    // Rarely a feature defined inside serve ('skew/serving-redefines-feature').
    serveFeature: pick(fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, fc.constant(true)), fc.constant(false)),
    selfNamed: pick(fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }), fc.constant(false)),
    // A 'valid' drift line points at drift ('>' of a distance) within the statistic's values.
    drift: pick(
      fc.record({ stat: fc.constantFrom('psi', 'psi', 'js', 'chi2', 'ks', 'wasserstein'), op: fc.constantFrom('>', '>', '>=', '<', '<='), value: fc.constantFrom('0.05', '0.2', '0.2', '2') }),
      fc.record({ stat: fc.constantFrom('psi', 'js'), op: fc.constantFrom('>', '>='), value: fc.constantFrom('0.05', '0.2') }),
    ),
  })
  .map((r) => {
    const split = [`  test = ${r.test}`];
    if (r.validation) split.push(`  validation = ${r.validation}`);
    if (r.seed) split.push(`  seed = ${r.seed}`);
    if (r.by) split.push(`  by = ${r.by}`);
    if (r.order) split.push(`  order = ${r.order}`);
    const written = r.features.length;
    if (r.serve && r.serveDefault?.column === 'at') r.features = [...r.features, 'fill_missing(window_count(hist.num, 30d, as_of = events.at), 0)'];
    const names = r.features.map((_, i) => (i === 0 && r.selfNamed ? 'num' : `f${i}`));
    // The first feature read bare as 'num' by the others, now that it is called so.
    if (r.selfNamed) r.features = ['log1p(num)', ...r.features.slice(1).map((e) => e.replace(/\bf0\b/g, 'num'))];
    const inputs = r.inputs === 'all' ? names : [names[written - 1]!, ...names.slice(written)];
    const history = r.features.some((e) => e.includes('hist.'));
    const visits = r.features.some((e) => e.includes('visits.'));
    // A 'valid' task fits the target: text classes are never a regression, real values never classes.
    if (valid && r.task === 'regression' && (r.data.target === 'text' || r.data.target === 'labels')) r.task = 'classification';
    if (valid && r.task === 'classification' && r.data.target === 'real') r.task = 'regression';
    const regression = r.task === 'regression' || (r.task === undefined && (r.data.target === 'real' || r.data.target === 'counts' || r.data.target === 'decimals'));
    // A logistic model of classes written 0.0/1.0 stays one: its quick fix (set-task) is the case.
    const kind = regression && r.kind === 'logistic' && r.fitKind && (valid || r.data.target !== 'decimals') ? (r.data.rows % 2 ? 'linear' : 'mlp') : r.kind;
    const model = [`  kind   = ${kind}`];
    if (kind === 'mlp') {
      if (r.mlp.layers) model.push(`  layers = ${r.mlp.layers}`);
      if (r.mlp.activation) model.push(`  activation = ${r.mlp.activation}`);
      if (r.mlp.optimizer) model.push(`  optimizer = ${r.mlp.optimizer}`);
      if (r.mlp.learningRate) model.push(`  learning_rate = ${r.mlp.learningRate}`);
      if (r.mlp.batchSize) model.push(`  batch_size = ${r.mlp.batchSize}`);
    }
    model.push(r.compact ? `  inputs = [\n    ${inputs.join(',\n    ')}\n  ]` : `  inputs = [${inputs.join(', ')}]`, `  epochs = ${r.epochs}`);
    if (r.modelSeed) model.push('  seed   = 1');
    if (r.task) model.push(`  task   = ${r.task}`);
    const unregistered = r.serve !== undefined ? r.unregistered : undefined;
    const registered = (r.serve !== undefined || r.stage !== undefined) && unregistered === undefined;
    const monitor = [
      ...(r.monitorWindow ? [`  window = ${r.monitorWindow}`] : []),
      `  drift ${valid ? inputs[0] : names[0]} ${r.drift.stat} ${r.drift.op} ${r.drift.value}`,
      ...(r.driftPrediction ? [`  drift prediction ${r.driftPrediction.line}`] : []),
      ...(r.onDrift ? [`  on_drift = ${r.onDrift}`] : []),
      ...(r.reference ? [`  reference = ${r.reference}`] : []),
    ];
    const pinned = (file: string): string[] => {
      const text = r.data.files[file]!;
      const version = r.pin === 'right' ? hashOf(text) : r.pin === 'stale' ? hashOf(`${text}\n`) : r.pin === 'malformed' ? 'sha256:5b1c0d' : undefined;
      return [...(version ? [`  version = "${version}"`] : []), ...(r.format ? ['  format = csv'] : [])];
    };
    const lines = [
      'pipeline gen',
      '',
      ...(r.compact
        ? ['# generated', 'data events {', '  source = "events.csv", target = y  # the label', `  key = id${r.time ? ', time = at' : ''}`, ...pinned('events.csv'), '}']
        : ['data events {', '  source = "events.csv"', '  target = y', '  key    = id', ...(r.time ? ['  time   = at'] : []), ...pinned('events.csv'), '}']),
      '',
      ...(history ? ['data hist {', '  source = "events.csv"', '  key    = id', '  time   = at', ...pinned('events.csv'), '}', ''] : []),
      ...(visits ? ['data visits {', '  source = "visits.csv"', '  key    = id', '  time   = ts', ...pinned('visits.csv'), '}', ''] : []),
      ...(r.splitBlock ? ['split {', ...split, '}', ''] : []),
      ...r.features.map((e, i) => `feature ${names[i]} = ${e}`),
      '',
      'model m {',
      ...model,
      '}',
      '',
      ...(r.evaluate
        ? [
            'evaluate {',
            ...r.evaluate.requires.map((q) => {
              const family = q.fitMetric === regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
              const metric = family[q.k % family.length]!;
              const lower = metric === 'log_loss' || metric === 'rmse' || metric === 'mae';
              const op = q.op === 'better' ? (lower ? '<=' : '>=') : q.op;
              return `  require ${metric} ${op} ${q.value}`;
            }), ...(r.evaluate.compareTo ? [`  compare_to = ${r.evaluate.compareTo}`] : []), '}', '']
        : []),
      // Serving loads a registered model's versions: the model is registered to be served.
      ...(registered ? ['register served_m {', '  from = m', ...(r.stage ? [`  stage = ${r.stage}`] : []), '}', ''] : []),
      ...(r.serve
        ? [
            'serve {',
            `  model = ${unregistered ?? 'served_m'}${r.servedAs}`,
            ...(r.port ? [`  port = ${r.port}`] : []),
            ...(r.logPredictions ? [`  log_predictions = ${r.logPredictions}`] : []),
            ...(r.serveFeature ? [`  feature ${names[0]} = events.num`] : []),
            ...(r.serveDefault
              ? [
                  '  defaults {',
                  `    ${r.serveDefault.column} = ${r.serveDefault.value}`,
                  ...(r.secondDefault && r.secondDefault.column !== r.serveDefault.column ? [`    ${r.secondDefault.column} = ${r.secondDefault.value}`] : []),
                  '  }',
                ]
              : []),
            '}',
            '',
          ]
        : []),
      ...(r.serve === 'monitored' ? ['monitor {', ...monitor, '}', ''] : []),
      ...(r.environment ? ['environment {', ...(r.environment.backend ? [`  backend = ${r.environment.backend}`] : []), ...(r.environment.deterministic ? [`  deterministic = ${r.environment.deterministic}`] : []), '}', ''] : []),
    ];
    // A suppression comment before a line after the header (never inside the multi-line list).
    if (r.suppress) {
      const at = 1 + (r.suppress.line % (lines.length - 1));
      lines.splice(at, 0, `# mlpipe-disable-next-line${r.suppress.code ? ` ${r.suppress.code}` : ''}`);
    }
    return { data: r.data, text: lines.join('\n') };
  });
}

/** Pipelines of every kind, errors of each phase included (a few percent check clean). */
export const pipelineArb: fc.Arbitrary<PipelineCase> = pipelineOf('any');

/**
 * Pipelines biased towards a clean check (most of them check with no error), with the same edge
 * cells: what 'a clean check means it runs and serves as written' is tested on.
 */
export const validPipelineArb: fc.Arbitrary<PipelineCase> = pipelineOf('valid');

/** A case's data files as text, for a failure's report. */
export function dataText(d: DataCase): string {
  return Object.entries(d.files)
    .map(([name, text]) => `--- ${name} ---\n${text}`)
    .join('');
}

/**
 * A generated pipeline's text with one to five lists of its feature names, each a shuffled pick
 * that may be empty and may name the first feature twice, and a seed for whatever else a test
 * draws: what the tests of several models' inputs compiled together (`riskyOfEach`, `subPlan`)
 * compare against each list compiled alone.
 */
export const featureListsArb = pipelineArb.chain((c) => {
  const names = [...c.text.matchAll(/^feature (\w+) =/gm)].map((m) => m[1]);
  const list = fc.shuffledSubarray([...names, ...names.slice(0, 1)], { minLength: 0 });
  return fc.record({ text: fc.constant(c.text), lists: fc.array(list, { minLength: 1, maxLength: 5 }), seed: fc.nat() });
});
