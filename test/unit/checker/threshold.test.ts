/**
 * Threshold lines judged by what their measure means, read from the metric table and the drift
 * catalogue: every metric and every statistic in them (a new one is covered without a new case)
 * gets a clean line when it points the right way with a threshold inside its values, and
 * `invalid-value` when it points the wrong way (with the flipped comparison as its fix) or its
 * threshold makes the line hold never or always.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DRIFT_STATISTIC_INFO } from '../../../server/mlpipe/drift/catalogue.js';
import { METRICS } from '../../../server/mlpipe/metrics/table.js';
import type { Diagnostic } from '../../../server/mlpipe/index.js';
import { degenerate, flipped, pointsRightWay, rangeText } from '../../../server/mlpipe/checker/threshold.js';
import type { CompareOp } from '../../../server/mlpipe/syntax/ast.js';
import { basePipeline, checkText, edit } from './fixture.js';

const base = basePipeline();
const OPS: CompareOp[] = ['>', '>=', '<', '<='];

/** The base pipeline with its gate replaced (regression metrics get a regression model). */
function gate(metric: string, line: string): string {
  const text = edit(base, 'require auc >= 0.7', line);
  return METRICS[metric as keyof typeof METRICS].tasks[0] === 'regression' ? edit(text, '  seed   = 7\n', '  seed   = 7\n  task   = regression\n') : text;
}
const monitor = (line: string) => edit(base, 'drift spend_z psi > 0.2', line);

const invalidOn = (ds: Diagnostic[], text: string, fragment: string) => {
  const line = text.slice(0, text.indexOf(fragment)).split('\n').length - 1;
  return ds.filter((d) => d.code === 'invalid-value' && d.range.start.line === line);
};

/** A threshold strictly inside the range (or near 0 for an open one). */
function inside(min: number, max: number): number {
  if (Number.isFinite(min) && Number.isFinite(max)) return Number(((min + max) / 2).toFixed(3));
  if (Number.isFinite(min)) return min + 0.5;
  return max - 0.5;
}

const measures = [
  ...Object.entries(METRICS).map(([name, m]) => ({ name, up: m.higherIsBetter, range: m.range, text: (op: CompareOp, v: string) => gate(name, `require ${name} ${op} ${v}`), line: (op: CompareOp, v: string) => `require ${name} ${op} ${v}` })),
  ...Object.entries(DRIFT_STATISTIC_INFO).map(([name, s]) => ({
    name,
    up: s.drifted === 'high',
    range: s.range,
    text: (op: CompareOp, v: string) => monitor(`drift spend_z ${name} ${op} ${v}`),
    line: (op: CompareOp, v: string) => `drift spend_z ${name} ${op} ${v}`,
  })),
];

describe('threshold lines (invalid-value)', () => {
  for (const m of measures) {
    const v = String(inside(m.range.min, m.range.max));
    const right = m.up ? '>=' : '<=';
    it(`'${m.line(right, v)}' is clean, and the flipped comparison is an error whose fix flips it back`, () => {
      const good = m.text(right, v);
      assert.deepEqual(invalidOn(checkText(good), good, m.line(right, v)).map((d) => d.message), []);
      const wrong = flipped(right);
      const bad = m.text(wrong, v);
      const found = invalidOn(checkText(bad), bad, m.line(wrong, v));
      assert.equal(found.length, 1, `one error on '${m.line(wrong, v)}'`);
      assert.match(found[0].message, new RegExp(`write '${m.line(right, v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`));
      assert.deepEqual(found[0].data, { fix: 'flip-comparison', op: right });
      // The whole line, so the fix finds its comparison inside the span.
      assert.equal(bad.slice(found[0].start, found[0].end), m.line(wrong, v));
    });
    if (Number.isFinite(m.range.max) || Number.isFinite(m.range.min)) {
      const beyond = m.up ? (Number.isFinite(m.range.max) ? m.range.max + 1 : undefined) : Number.isFinite(m.range.min) ? m.range.min - 1 : undefined;
      if (beyond !== undefined)
        it(`'${m.line(m.up ? '>' : '<', String(beyond))}' can never hold: an error at its threshold, without a fix`, () => {
          const op = m.up ? '>' : '<';
          const text = m.text(op, String(beyond));
          const found = invalidOn(checkText(text), text, m.line(op, String(beyond)));
          assert.equal(found.length, 1);
          assert.equal(text.slice(found[0].start, found[0].end), String(beyond));
          assert.match(found[0].message, new RegExp(`takes values ${rangeText(m.range).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
          assert.equal(found[0].data, undefined);
        });
    }
  }

  it('a wrong-way line whose threshold is also outside the values gets one error that asks for both', () => {
    const text = monitor('drift spend_z chi2 > 10');
    const found = invalidOn(checkText(text), text, 'drift spend_z chi2');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /never alerts: write 'drift spend_z chi2 < …' with a threshold from 0 to 1/);
    assert.equal(found[0].data, undefined);
  });

  it('the spec\'s own examples are clean (chi2 < 0.05, psi > 0.1, auc >= 0.85)', () => {
    for (const text of [monitor('drift spend_z chi2 < 0.05'), monitor('drift prediction psi > 0.1'), edit(base, 'require auc >= 0.7', 'require auc >= 0.85')])
      assert.deepEqual(checkText(text).filter((d) => d.code === 'invalid-value').map((d) => d.message), []);
  });

  it('a metric of the other task is reported once, not again for its threshold', () => {
    const text = edit(base, 'require auc >= 0.7', 'require rmse >= 10');
    const found = invalidOn(checkText(text), text, 'require rmse');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /regression metric/);
  });
});

describe('degenerate() against the values themselves', () => {
  it('says never exactly when no value in the range holds, always exactly when every one does', () => {
    const ranges = [{ min: 0, max: 1 }, { min: 0, max: Infinity }, { min: -Infinity, max: 1 }, { min: 0, max: Math.sqrt(Math.LN2) }];
    fc.assert(
      fc.property(fc.constantFrom(...ranges), fc.constantFrom(...OPS), fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, 1, -1, Math.sqrt(Math.LN2), 2)), (range, op, t) => {
        // Values of the range: its ends and points between (and far out where it is open).
        const lo = Number.isFinite(range.min) ? range.min : -1e9;
        const hi = Number.isFinite(range.max) ? range.max : 1e9;
        const values = [lo, hi, t, t - 1e-9, t + 1e-9, ...Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40)].filter((x) => x >= range.min && x <= range.max);
        const holds = (x: number) => (op === '>' ? x > t : op === '>=' ? x >= t : op === '<' ? x < t : x <= t);
        const verdict = degenerate(op, t, range);
        if (verdict === 'never') assert.ok(!values.some(holds), `${op} ${t} in ${JSON.stringify(range)}: some value holds`);
        else if (verdict === 'always') assert.ok(values.every(holds), `${op} ${t}: some value fails`);
        else assert.ok(values.some(holds) && !values.every(holds), `${op} ${t} in ${JSON.stringify(range)}: neither never nor always should be ${verdict}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('pointsRightWay and flipped agree', () => {
    for (const op of OPS) {
      assert.notEqual(pointsRightWay(op, true), pointsRightWay(flipped(op), true));
      assert.equal(flipped(flipped(op)), op);
    }
  });
});
