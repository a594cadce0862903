import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formattedNumber, INTEGER_PATTERN, numberLike, NUMBER_PATTERN, numberKind, inferType, isIntegerText, isMissing, parseNumber, parseTime, tryParseTime, TypeTracker } from '../../../server/mlpipe/data/values.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { replaying } from '../testing/replaySeed.js';
import { envInteger } from '../../support/envInteger.js';

test('missing values: empty, NA, NaN, null in any case; nothing else', () => {
  for (const s of ['', 'NA', 'na', 'Na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', null, undefined]) assert.equal(isMissing(s), true, String(s));
  for (const s of [' ', 'N', 'none', 'None', 'n/a', '0', 'nulls', ' NA']) assert.equal(isMissing(s), false, s);
});

test('numbers: decimal and exponent forms only', () => {
  const good: Array<[string, number]> = [['0', 0], ['12', 12], ['-3.5', -3.5], ['.5', 0.5], ['5.', 5], ['1e-3', 0.001], ['2E+2', 200], ['-0', -0], ['007', 7]];
  for (const [s, n] of good) assert.equal(parseNumber(s), n, s);
  for (const s of ['', ' 1', '1 ', '+1', 'Infinity', '-Infinity', '0x10', '1_000', '1,000', 'e5', '1e', '.', '-', 'NaN', '1.2.3', '١']) {
    assert.equal(parseNumber(s), undefined, s);
  }
});

test('a text beyond the doubles\' range names no number, so its column is text (not an infinity read as a value)', () => {
  const big = '9'.repeat(309);
  for (const s of ['1e400', '-1e400', '1.8e308', '2E+308', big, `-${big}`, `${big}.5`]) {
    assert.equal(numberKind(s), 0, s);
    assert.equal(parseNumber(s), undefined, s);
  }
  // At the edge of the range, and far below it (underflow to 0 is a rounding, not a new value).
  for (const s of ['1.7e308', '1e-400', '9'.repeat(308), `${'9'.repeat(308)}.5`]) assert.ok(Number.isFinite(parseNumber(s)), s);
  assert.equal(numberKind('9'.repeat(308)), 1);
  assert.equal(inferType(['12.5', '1e400', '3']), 'string');
  assert.equal(inferType(['12', '1e400']), 'string');
  assert.equal(tryParseTime('1e400'), undefined);
});

test('a number formatted for people is no number, but is recognised with the plain number it means', () => {
  const cases: Array<[string, string]> = [
    ['1,234.5', '1234.5'],
    ['12,345,678', '12345678'],
    ['1.234,5', '1234.5'],
    ['1.234.567,89', '1234567.89'],
    ['1 234,5', '1234.5'],
    ["1'234.50", '1234.50'],
    ['3,5', '3.5'],
    ['-1,234', '-1234'],
    ['$1,200', '1200'],
    ['-$5', '-5'],
    ['€1.234,50', '1234.50'],
    ['12,5 €', '12.5'],
    ['12.5%', '12.5'],
    ['+3.2', '3.2'],
    ['+1,200', '1200'],
  ];
  for (const [s, plain] of cases) {
    assert.equal(parseNumber(s), undefined, s);
    assert.equal(formattedNumber(s), plain, s);
  }
  // Plain numbers, other text and separators that group nothing are not formatted numbers.
  for (const s of ['1.234', '12', '-3.5', 'abc', '1,2,3', '1,234,5', '1,234.567,8', '--5', '+-5', '1,000.000.5', '', 'NA', '+']) assert.equal(formattedNumber(s), undefined, s);
});

test('numberLike: a number formatted for people or padded with spaces, with the plain number and why', () => {
  assert.deepEqual(numberLike('1,234.5'), { plain: '1234.5', why: 'a number formatted for people (a thousands separator, a decimal comma, a currency, percent or plus sign)' });
  const padded = "a number with spaces around it (a CSV written with ', ' between fields has them)";
  assert.deepEqual(numberLike(' 12'), { plain: '12', why: padded });
  assert.deepEqual(numberLike('-3.5 '), { plain: '-3.5', why: padded });
  assert.deepEqual(numberLike(' 1,234'), { plain: '1234', why: padded });
  for (const s of ['12', ' ', ' abc', 'abc', '', ' NA ']) assert.equal(numberLike(s), undefined, s);
});

test('integers match -?[0-9]+', () => {
  for (const s of ['0', '-12', '007']) assert.equal(isIntegerText(s), true, s);
  for (const s of ['1.0', '1e3', '+1', '', ' 1']) assert.equal(isIntegerText(s), false, s);
});

test('column types: integer, number, string, and undefined when all missing', () => {
  assert.equal(inferType(['1', '-2', '', 'NA', null]), 'integer');
  assert.equal(inferType(['1', '2.5', 'nan']), 'number');
  assert.equal(inferType(['1', '2.5', 'x']), 'string');
  assert.equal(inferType(['1e3', '2']), 'number');
  assert.equal(inferType(['', 'NULL']), undefined);
  assert.equal(inferType([]), undefined);
  const t = new TypeTracker();
  assert.equal(t.add('3'), true);
  assert.equal(t.add('abc'), false);
  assert.equal(t.add('4'), false);
  assert.equal(t.type, 'string');
});

test('times: epoch seconds, ISO dates and date-times with or without zone', () => {
  assert.equal(tryParseTime('1700000000'), 1700000000);
  // Milliseconds (JavaScript, Java, Kafka) from 1e11 on: seconds that large are after the year 5138.
  assert.equal(tryParseTime('1700000000000'), 1700000000);
  assert.equal(tryParseTime('1700000000500'), 1700000000.5);
  assert.equal(tryParseTime('99999999999'), 99999999999);
  assert.equal(tryParseTime('100000000000'), 100000000);
  assert.equal(tryParseTime('-100000000000'), -100000000);
  // Microseconds (BigQuery, a Parquet INT64 without its TIMESTAMP annotation) from 1e14 on, and
  // nanoseconds (pandas' datetime64[ns] as int64) from 1e17: milliseconds or microseconds that
  // large are after the year 5138. Read as milliseconds, they were in the year 55,000 and beyond.
  assert.equal(tryParseTime('1700000000000000'), 1700000000);
  assert.equal(tryParseTime('1700000000250000'), 1700000000.25);
  assert.equal(tryParseTime('99999999999999'), 99999999999.999);
  assert.equal(tryParseTime('100000000000000'), 100000000);
  assert.equal(tryParseTime('1700000000000000000'), 1700000000);
  assert.equal(tryParseTime('99999999999999900'), 99999999999999900 / 1e6);
  assert.equal(tryParseTime('100000000000000000'), 100000000);
  assert.equal(tryParseTime('-1700000000000000000'), -1700000000);
  assert.equal(tryParseTime('1.5'), 1.5);
  assert.equal(tryParseTime('1970-01-01'), 0);
  assert.equal(tryParseTime('2025-03-01'), Date.UTC(2025, 2, 1) / 1000);
  assert.equal(tryParseTime('2025-03-01T12:00:00Z'), Date.UTC(2025, 2, 1, 12) / 1000);
  assert.equal(tryParseTime('2025-03-01T12:00:00'), Date.UTC(2025, 2, 1, 12) / 1000);
  assert.equal(tryParseTime('2025-03-01 12:00'), Date.UTC(2025, 2, 1, 12) / 1000);
  assert.equal(tryParseTime('2025-03-01T12:00:00+02:00'), Date.UTC(2025, 2, 1, 10) / 1000);
  assert.equal(tryParseTime('2025-03-01T12:00:00-0130'), Date.UTC(2025, 2, 1, 13, 30) / 1000);
  assert.equal(tryParseTime('2025-03-01T12:00:00.250Z'), Date.UTC(2025, 2, 1, 12) / 1000 + 0.25);
  assert.equal(tryParseTime('2024-02-29'), Date.UTC(2024, 1, 29) / 1000);
  assert.equal(new Date(tryParseTime('0050-01-01')! * 1000).getUTCFullYear(), 50);
  for (const s of ['2025-02-30', '2023-02-29', '2025-13-01', '2025-03-01T24:00', '2025-3-1', '03/01/2025', 'yesterday', '2025-03-01Z', '2025-03-01T12', '2025-03-01T12:00:00+25:00']) {
    assert.equal(tryParseTime(s), undefined, s);
  }
});

test('parseTime: missing is NaN, a bad value is an error quoting it', () => {
  assert.ok(Number.isNaN(parseTime('')));
  assert.ok(Number.isNaN(parseTime('NA')));
  assert.ok(Number.isNaN(parseTime(null)));
  assert.throws(() => parseTime('next tuesday'), /'next tuesday' is not a time: expected epoch seconds/);
});

test('parseTime: a text of the ISO shape with a field out of range names the field', () => {
  for (const [s, why] of [
    ['2025-02-30T00:00:00Z', 'day 30 is out of range (2025-02 has 28 days)'],
    ['2023-02-29', 'day 29 is out of range (2023-02 has 28 days)'],
    ['2025-04-00', 'day 00 is out of range (2025-04 has 30 days)'],
    ['2025-13-01', 'month 13 is out of range (01 to 12)'],
    ['2025-03-01T24:00', 'hour 24 is out of range (00 to 23)'],
    ['2025-03-01 12:60:00', 'minute 60 is out of range (00 to 59)'],
    ['2025-03-01T12:00:60.5Z', 'second 60 is out of range (00 to 59)'],
    ['2025-03-01T12:00:00+25:00', 'offset hour 25 is out of range (00 to 23)'],
    ['2025-03-01T12:00:00-0160', 'offset minute 60 is out of range (00 to 59)'],
  ]) {
    assert.throws(() => parseTime(s), (e: Error) => e.message === `'${s}' is not a time: ${why}`, s);
  }
  // Not the shape: the general words.
  for (const s of ['2025-03-01T12', '2025-03-01Z', '2025-W09-6']) {
    assert.throws(() => parseTime(s), /is not a time: expected epoch seconds or milliseconds/, s);
  }
});

test('parseTime: a time as other tools write it says what to change, with the text to write where one follows', () => {
  for (const [s, why] of [
    // BigQuery's CSV export of a TIMESTAMP.
    ['2025-03-01 14:05:00 UTC', "the zone is written as a name ('UTC'): write UTC as 'Z' ('2025-03-01 14:05:00Z'), or an offset such as '+00:00'"],
    ['2025-03-01T14:05:00.5 GMT', "the zone is written as a name ('GMT'): write UTC as 'Z' ('2025-03-01T14:05:00.5Z'), or an offset such as '+00:00'"],
    ['2025-03-01 14:05:00 +0000', "a space comes before the zone: write '2025-03-01 14:05:00+0000'"],
    ['2025-3-1', "month and day take two digits: write '2025-03-01'"],
    ['2025/03/01', "a date is written with '-' between year, month and day: write '2025-03-01'"],
    ['3/1/2025', "a date with the year last (a spreadsheet's or a locale's: 3/1/2025 is March 1st in the US and January 3rd in most other places) is never guessed: write dates as ISO 8601, year first (2025-03-01)"],
    // ISO 8601's comma before the fraction (RFC 3339 has a full stop only).
    ['2025-03-01T14:05:00,5Z', "the fraction of a second follows a comma: write '2025-03-01T14:05:00.5Z'"],
    ['2025-03-01 14:05:00,250+01:00', "the fraction of a second follows a comma: write '2025-03-01 14:05:00.250+01:00'"],
    // An HTTP header's date (RFC 9110) and an e-mail's (RFC 2822).
    ['Sat, 01 Mar 2025 14:05:00 GMT', "a date with the month's name (an e-mail's or HTTP header's) is not read: write ISO 8601 ('2025-03-01T14:05:00Z')"],
    ['1 Mar 2025 14:05 -0500', "a date with the month's name (an e-mail's or HTTP header's) is not read: write ISO 8601 ('2025-03-01T14:05-05:00')"],
    ['01.03.2025 14:05', "a date with the year last (a spreadsheet's or a locale's: 3/1/2025 is March 1st in the US and January 3rd in most other places) is never guessed: write dates as ISO 8601, year first (2025-03-01)"],
  ]) {
    assert.throws(() => parseTime(s), (e: Error) => e.message === `'${s}' is not a time: ${why}`, s);
  }
  // The texts suggested read.
  for (const s of ['2025-03-01 14:05:00Z', '2025-03-01T14:05:00.5Z', '2025-03-01 14:05:00+0000', '2025-03-01 14:05:00.250+01:00', '2025-03-01T14:05-05:00']) assert.ok(Number.isFinite(parseTime(s)), s);
});

test('the one-scan number classifier agrees with the documented patterns on random strings', () => {
  const alphabet = ['0', '1', '9', '-', '+', '.', 'e', 'E', ' ', 'x', ''];
  const seed = envInteger('MLPIPE_NUMBER_KIND_SEED', 7);
  return replaying('MLPIPE_NUMBER_KIND_SEED', seed, () => {
    const prng = new Mulberry32(seed);
    const rand = (n: number): number => prng.int(n);
    let numbers = 0;
    for (let trial = 0; trial < 50_000; trial++) {
      let s = '';
      for (let k = rand(7); k > 0; k--) s += alphabet[rand(alphabet.length)];
      const finite = Number.isFinite(Number(s));
      const expected = INTEGER_PATTERN.test(s) && finite ? 1 : NUMBER_PATTERN.test(s) && finite ? 2 : 0;
      assert.equal(numberKind(s), expected, JSON.stringify(s));
      if (expected !== 0) numbers++;
    }
    assert.ok(numbers > 1000, 'the random strings include many numbers');
  });
});
