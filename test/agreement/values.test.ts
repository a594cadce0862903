/**
 * Value-level fuzzing: every attribute of every block and every argument of every transform
 * (from the catalogues, so a new one is fuzzed without editing this file) gets values of every
 * shape, including the ones that made the checker throw (seed = 1.5, 1e309, test + validation
 * above 1). The checker must never throw, and an error must be reported where the engine would
 * refuse a value. MLPIPE_VALUES_SEED draws other values (`npm run soak` draws it afresh each round).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BLOCKS } from '../../server/mlpipe/language/blocks.js';
import { TRANSFORMS } from '../../server/mlpipe/transforms/index.js';
import { analyze } from '../../server/mlpipe/index.js';
import { compilePlan, planInputOf, PlanError } from '../../server/mlpipe/features/index.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from '../unit/checker/fixture.js';
import { envInteger } from '../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1000, { min: 1 });

export const anyValue = fc.oneof(
  fc.constantFrom('0', '1', '-1', '1.5', '0.5', '0.999', '1e309', '-1e309', '1e300', '4294967295', '4294967296', '5000000000', '65536', '-0', '1e-320'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
  fc.constantFrom('""', '"x"', '"sha256:00"', '"data/none.csv"', '"https://x/y.csv"', '"*.csv"', '"ü日本"'),
  fc.constantFrom('true', 'false', 'train', 'all', 'time', 'random', 'mlp', 'cpu', 'customer_id', 'customers.plan', 'a.b.c', 'm@3', 'm@production', 'm@0'),
  fc.constantFrom('[]', '[1, 2]', '[1e309]', '["a", 1]', '[-1]', '[0.5]', '[64, 1e9]', '90d', '0d', '1e309d'),
);

const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
const base = basePipeline();

/** The base pipeline with one block attribute set to `value` (added when the block lacks it). */
function withAttribute(block: string, attr: string, value: string): string {
  const header = base.indexOf(`\n${block} `) >= 0 ? base.indexOf(`\n${block} `) + 1 : -1;
  if (header < 0) return `${base}\n${block} {\n  ${attr} = ${value}\n}\n`;
  const open = base.indexOf('{', header);
  const close = base.indexOf('\n}', open);
  const body = base.slice(open + 1, close);
  const re = new RegExp(`\\n(\\s*)${attr}(\\s*)=[^\\n]*`);
  const next = re.test(body) ? body.replace(re, `\n$1${attr}$2= ${value}`) : `${body}\n  ${attr} = ${value}`;
  return base.slice(0, open + 1) + next + base.slice(close);
}

describe('value fuzzing: the checker never throws', () => {
  const attributes = Object.values(BLOCKS).flatMap((b) => b.attributes.map((a) => ({ block: b.kind, attr: a.name })));
  it(`on every block attribute (${attributes.length}) with ${RUNS} values`, () => {
    const started = Date.now();
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...attributes), anyValue, anyValue, ({ block, attr }, v, w) => {
        n++;
        const text = withAttribute(block === 'defaults' ? 'serve' : block, attr, v).replace('test = 0.2', `test = 0.2\n  validation = ${w}`);
        analyze(text, host);
      }),
      { numRuns: RUNS, seed: envInteger('MLPIPE_VALUES_SEED', 4242) },
    );
    console.log(`value fuzzing: ${n} attribute cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const args = Object.values(TRANSFORMS).flatMap((t) => t.args.map((a) => ({ fn: t.name, arg: a.name })));
  it(`on every transform argument (${args.length}) with ${RUNS} values`, () => {
    const started = Date.now();
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...args), anyValue, fc.boolean(), ({ fn, arg }, v, asNamed) => {
        n++;
        const spec = TRANSFORMS[fn]!;
        const parts = spec.args
          .filter((a) => a.required || a.name === arg)
          .map((a) => {
            const value = a.name === arg ? v : a.kind === 'historyColumn' ? 'orders.order_value' : a.kind === 'duration' ? '30d' : a.kind === 'expr' ? 'spend' : a.kind === 'numberList' ? '[1, 2]' : '3';
            return asNamed || a.position === undefined ? `${a.name} = ${value}` : value;
          });
        const text = base.replace('feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = fill_missing(tenure_days, 0)\nfeature fuzz = ${fn}(${parts.join(', ')})`).replace('[tenure, spend_z, plan]', '[tenure, spend_z, plan, fuzz]');
        const result = analyze(text, host);
        assert.ok(result.diagnostics.every((d) => d.start <= d.end && d.end <= text.length));
        // Where the feature compiler refuses the value, the checker reports an error on that line.
        try {
          compilePlan(planInputOf(result.binding, 'm'));
        } catch (e) {
          if (!(e instanceof PlanError)) throw e;
          if (e.feature === 'fuzz') {
            const line = text.slice(0, text.indexOf('feature fuzz')).split('\n').length - 1;
            assert.ok(
              result.diagnostics.some((d) => d.severity === 'error' && d.range.start.line === line),
              `compiler refused (${e.message}), checker silent on: ${text.split('\n')[line]}`,
            );
          }
        }
      }),
      { numRuns: RUNS, seed: envInteger('MLPIPE_VALUES_SEED', 4343) },
    );
    console.log(`value fuzzing: ${n} argument cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
