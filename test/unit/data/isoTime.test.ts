/**
 * The scanning time parser against the regex-and-Date parser it replaced (kept here as the
 * oracle): the same answer, bit for bit, on every supported format, on calendar edges and on
 * generated near-misses. MLPIPE_ISO_TIME_SEED draws other cases (`npm run soak` draws it afresh).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isoZoned, parseIsoTime } from '../../../server/mlpipe/data/isoTime.js';
import { epochSeconds, parseNumber, parseTime, tryParseTime } from '../../../server/mlpipe/data/values.js';
import { envInteger } from '../../support/envInteger.js';

// The old grammar, with the hour-only offset ('+00', as PostgreSQL writes timestamptz) and RFC
// 3339's lower-case 't' and 'z' added.
const ISO_PATTERN =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$/;

function oldDaysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The parser before this one, verbatim but for numbers: since the scanning parser, a number of
 * magnitude 1e11 or more is epoch milli-, micro- or nanoseconds (`epochSeconds`, a rule of its
 * own, tested in values.test.ts and on windows); the old parser read every number as seconds, so
 * a drawn '1e11' (seed 8) failed on that rule, not on the scanning.
 */
function oldTryParseTime(s: string): number | undefined {
  const n = parseNumber(s);
  if (n !== undefined) return epochSeconds(n);
  const m = ISO_PATTERN.exec(s);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > oldDaysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const zh = Number(digits.slice(1, 3));
    const zm = digits.length === 3 ? 0 : Number(digits.slice(3, 5));
    if (zh > 23 || zm > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  const fraction = m[7] === undefined ? 0 : Number(m[7]);
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  const ms = date.getTime();
  return ms / 1000 - offsetMinutes * 60 + fraction;
}

function same(s: string): void {
  const want = oldTryParseTime(s);
  const got = tryParseTime(s);
  assert.ok(Object.is(got, want), `${JSON.stringify(s)}: ${got} (new) vs ${want} (old)`);
}

describe('the time parser', () => {
  it('agrees with the old parser on every supported format and edge', () => {
    const cases = [
      // each format
      '2025-03-01', '2025-03-01T12:00', '2025-03-01 12:00', '2025-03-01T12:00:59', '2025-03-01T12:00:59.5',
      '2025-03-01T12:00:59.123456789', '2025-03-01T12:00Z', '2025-03-01T12:00:00Z', '2025-03-01T12:00:00.25Z',
      '2025-03-01T12:00:00+05:30', '2025-03-01T12:00:00-0800', '2025-03-01T12:00+01:00', '2025-03-01 23:59:59.999-23:59',
      // numbers are epoch seconds
      '0', '1735689600', '-1', '1.5', '1e9', '2025',
      // …and from 1e11 milliseconds, from 1e14 microseconds, from 1e17 nanoseconds
      '99999999999', '1e11', '-1e11', '1735689600000', '1e14', '1e17',
      // leap days and calendar edges
      '2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2100-02-29', '2400-02-29', '2025-04-31', '2025-12-31',
      '2025-01-31', '2025-00-10', '2025-13-01', '2025-01-00', '2025-01-32',
      // years the Date API treats specially, and the ends of the range
      '0000-01-01', '0000-02-29', '0001-03-01', '0099-12-31', '0100-02-29', '1969-12-31T23:59:59Z', '1970-01-01', '9999-12-31T23:59:59Z',
      // invalid times and offsets
      '2025-03-01T24:00', '2025-03-01T23:60', '2025-03-01T23:59:60', '2025-03-01T12:00:00+24:00', '2025-03-01T12:00:00+05:60',
      '2025-03-01T12:00:00+5:30', '2025-03-01T12:00:00+05:3', '2025-03-01T12:00:00+05:300', '2025-03-01T12:00:00ZZ',
      '2025-03-01T12:00:00z', '2025-03-01T12', '2025-03-01T12:0', '2025-03-01T', '2025-03-01Z', '2025-03-01 ', ' 2025-03-01',
      '2025-03-01T12:00.5', '2025-03-01T12:00:00.', '2025-03-01T12:00:00.5.5', '2025-3-01', '25-03-01', '2025/03/01',
      '2025-03-01t12:00', '2025-03-01T12:00:00+0530 ', '2025-03-01T1a:00', '２０２５-03-01', '', 'NA', 'yesterday',
      '2025-03-01\n', '2025-03-01T12:00:00+05:30\n',
      // hour-only offsets, and their near misses
      '2025-03-01 12:00:00+00', '2025-03-01 12:00:00.5-08', '2025-03-01T12:00+05', '2025-03-01T12:00:00+24', '2025-03-01T12:00:00+0',
      '2025-03-01T12:00:00+05:', '2025-03-01T12:00:00+053',
    ];
    for (const s of cases) same(s);
  });

  it("reads RFC 3339's lower-case 't' and 'z' as the upper-case ones, zone and all", () => {
    assert.equal(parseIsoTime('2024-01-27t20:43:26z'), parseIsoTime('2024-01-27T20:43:26Z'));
    assert.equal(parseIsoTime('2024-01-27t20:43:26.5+02:00'), parseIsoTime('2024-01-27T18:43:26.5Z'));
    assert.equal(isoZoned('2024-01-27t20:43:26z'), true);
    assert.equal(isoZoned('2024-01-27t20:43:26'), false);
    assert.equal(parseIsoTime('2024-01-27x20:43:26'), undefined);
  });

  it('reads an hour-only offset, as PostgreSQL writes a timestamptz', () => {
    assert.equal(parseIsoTime('2025-12-03 20:53:54+00'), parseIsoTime('2025-12-03T20:53:54Z'));
    assert.equal(parseIsoTime('2025-12-03 12:53:54-08'), parseIsoTime('2025-12-03T20:53:54Z'));
    assert.equal(parseIsoTime('2025-12-03 20:53:54+0'), undefined);
  });

  it('agrees with the old parser on generated near-misses', () => {
    const digit = fc.constantFrom(...'0123456789');
    const two = fc.tuple(digit, digit).map(([a, b]) => a + b);
    const part = fc.oneof(
      two,
      fc.constantFrom('-', ':', 'T', 't', ' ', 'Z', 'z', '+', '.', '5', '00', '29', '02', '12', '23', '59', '60', '24', 'x', ''),
    );
    const iso = fc
      .tuple(fc.tuple(digit, digit, digit, digit).map((d) => d.join('')), fc.constantFrom('-'), two, fc.constantFrom('-', '-', '/'), two, fc.array(part, { maxLength: 10 }))
      .map(([y, a, m, b, d, rest]) => `${y}${a}${m}${b}${d}${rest.join('')}`);
    fc.assert(fc.property(fc.oneof(iso, fc.string({ maxLength: 30 })), (s) => same(s)), { numRuns: 20000, seed: envInteger('MLPIPE_ISO_TIME_SEED', 7) });
  });

  it('a valid date-time is the instant Date.parse reads from the same text (4-digit years from 1970)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const text = d.toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ
        assert.equal(parseIsoTime(text), d.getTime() / 1000);
      }),
      { numRuns: 5000, seed: envInteger('MLPIPE_ISO_TIME_SEED', 3) },
    );
  });

  it("says whether an accepted date-time carries its zone, as the grammar's zone group reads it", () => {
    for (const [s, zoned] of [
      ['2025-03-01', undefined],
      ['2025-03-01T12:00', false],
      ['2025-03-01 12:00:00.25', false],
      ['2025-03-01T12:00Z', true],
      ['2025-03-01T12:00:00-0130', true],
      ['2025-03-01T12:00:00.5+00', true],
    ] as const)
      assert.equal(isoZoned(s), zoned, s);
    const two = (max: number, min = 0) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
    const zone = fc.constantFrom('', 'Z', '+01:00', '-05:00', '+0530', '-08', '+00');
    const text = fc
      .tuple(fc.integer({ min: 1900, max: 2100 }), two(12, 1), two(28, 1), fc.option(fc.tuple(fc.constantFrom('T', ' '), two(23), two(59), fc.option(two(59)), fc.option(fc.integer({ min: 0, max: 999999 })), zone)))
      .map(([y, m, d, time]) => {
        let s = `${y}-${m}-${d}`;
        if (time) {
          const [sep, h, mi, sec, frac, z] = time;
          s += `${sep}${h}:${mi}${sec === null ? '' : `:${sec}${frac === null ? '' : `.${frac}`}`}${z}`;
        }
        return s;
      });
    fc.assert(
      fc.property(text, (s) => {
        assert.notEqual(parseIsoTime(s), undefined, s);
        const m = ISO_PATTERN.exec(s)!;
        assert.equal(isoZoned(s), m[4] === undefined ? undefined : m[8] !== undefined, s);
      }),
      { numRuns: 5000, seed: envInteger('MLPIPE_ISO_TIME_SEED', 11) },
    );
  });
});

describe('a time with spaces around it', () => {
  it("is refused saying so and what to write (it was the general 'expected … an ISO 8601 date')", () => {
    for (const [cell, write] of [
      [' 2025-01-01', '2025-01-01'],
      ['2025-03-01T12:00:00Z ', '2025-03-01T12:00:00Z'],
      [' 1735689600', '1735689600'],
    ] as const) {
      assert.throws(() => parseTime(cell), {
        message: `'${cell}' is not a time: it has spaces around it (a CSV written with ', ' between fields has them): write '${write}'`,
      });
    }
    // Text that is no time once trimmed keeps the general words.
    assert.throws(() => parseTime(' soon'), /expected epoch seconds or milliseconds/);
  });
});
