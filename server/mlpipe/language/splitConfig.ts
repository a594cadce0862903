import { attributesOf, bareName, type Binding } from '../binder.js';
import { literalNumber } from '../syntax/literals.js';

export interface SplitConfig {
  test: number;
  validation: number;
  seed?: number;
  by?: string;
  order: 'random' | 'time';
}

const num = literalNumber;

/**
 * The split a file asks for, with the spec's defaults (test = 0.2, random, unseeded): read by
 * the checker (`skew/unseen-category`, `skew/group-leakage`) and the runner alike.
 */
export function splitConfig(binding: Binding): SplitConfig {
  const block = binding.blocks.get('split')?.[0];
  if (!block) return { test: 0.2, validation: 0, order: 'random' };
  const a = attributesOf(block);
  const test = num(a.get('test')?.value);
  const validation = num(a.get('validation')?.value);
  return {
    test: test !== undefined && test > 0 && test < 1 ? test : 0.2,
    validation: validation !== undefined && validation > 0 && validation < 1 ? validation : 0,
    seed: num(a.get('seed')?.value),
    by: bareName(a.get('by')?.value)?.name,
    order: bareName(a.get('order')?.value)?.name === 'time' ? 'time' : 'random',
  };
}
