import { attributesOf, bareName, type Binding } from '../binder.js';
import { literalNumber } from '../syntax/literals.js';
import { MAX_SEED } from './blocks.js';
import { oneOf, SPLIT_ORDERS, type SplitOrder } from './keywords.js';

export interface SplitConfig {
  test: number;
  validation: number;
  seed?: number;
  by?: string;
  order: SplitOrder;
  /**
   * False when a value the file gives is out of range (the checker reports it as
   * 'invalid-value'); the defaults then stand in, and no split is computed from them.
   */
  valid: boolean;
}

const num = literalNumber;

/**
 * The split a file asks for, with the spec's defaults (test = 0.2, random, unseeded): read by
 * the checker (`skew/unseen-category`, `skew/group-leakage`) and the runner alike. Never
 * returns a value the seeded split refuses.
 */
export function splitConfig(binding: Binding): SplitConfig {
  const block = binding.blocks.get('split')?.[0];
  if (!block) return { test: 0.2, validation: 0, order: 'random', valid: true };
  const a = attributesOf(block);
  const given = (name: string) => a.get(name) !== undefined;
  const test = num(a.get('test')?.value);
  const validation = num(a.get('validation')?.value);
  const seed = num(a.get('seed')?.value);
  const testOk = test !== undefined && test > 0 && test < 1;
  const validationOk = validation !== undefined && validation > 0 && validation < 1;
  const seedOk = seed !== undefined && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;
  const t = testOk ? test : 0.2;
  const v = validationOk ? validation : 0;
  const sumOk = t + v < 1;
  const word = bareName(a.get('order')?.value)?.name;
  const order = oneOf(SPLIT_ORDERS, word);
  const orderOk = word === undefined || order !== undefined;
  return {
    test: t,
    validation: sumOk ? v : 0,
    seed: seedOk ? seed : undefined,
    by: bareName(a.get('by')?.value)?.name,
    order: order ?? 'random',
    valid: (!given('test') || testOk) && (!given('validation') || validationOk) && (!given('seed') || seedOk) && sumOk && orderOk,
  };
}
