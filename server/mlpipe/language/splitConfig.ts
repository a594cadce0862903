import { attributesOf, bareName, type Binding } from '../binder.js';
import { literalNumber } from '../syntax/literals.js';
import { MAX_SEED } from './blocks.js';
import { DETERMINISTIC_SPLIT_SEED, isDeterministic } from './determinism.js';
import { oneOf, SPLIT_ORDERS, type SplitOrder } from './keywords.js';

export interface SplitConfig {
  test: number;
  validation: number;
  seed?: number;
  /**
   * True when `seed` is not the file's but 'deterministic = true''s fixed one
   * (`DETERMINISTIC_SPLIT_SEED`), for a random split that states none.
   */
  fixedSeed?: boolean;
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
 * The split a file asks for, with the spec's defaults (test = 0.2, random, unseeded; with
 * 'deterministic = true' seeded with the fixed `DETERMINISTIC_SPLIT_SEED`): read by the checker
 * (`skew/unseen-category`, `skew/group-leakage`) and the runner alike. Never returns a value the
 * seeded split refuses.
 */
export function splitConfig(binding: Binding): SplitConfig {
  const block = binding.blocks.get('split')?.[0];
  const fixed = isDeterministic(binding) ? { seed: DETERMINISTIC_SPLIT_SEED, fixedSeed: true } : {};
  if (!block) return { test: 0.2, validation: 0, order: 'random', ...fixed, valid: true };
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
  // A random split that states no seed: fixed under 'deterministic = true', else drawn per run.
  const fixedSeed = 'seed' in fixed && !given('seed') && order !== 'time';
  return {
    test: t,
    validation: sumOk ? v : 0,
    seed: seedOk ? seed : fixedSeed ? DETERMINISTIC_SPLIT_SEED : undefined,
    ...(fixedSeed ? { fixedSeed } : {}),
    by: bareName(a.get('by')?.value)?.name,
    order: order ?? 'random',
    valid: (!given('test') || testOk) && (!given('validation') || validationOk) && (!given('seed') || seedOk) && sumOk && orderOk,
  };
}

/**
 * Why a time-ordered split cannot order by its primary table's `time` when that column is the
 * target: the split would sort rows by their label, so the test split would be the rows of the
 * highest target values (a classifier's last class, a regression's largest values), not the most
 * recent ones. The runner's refusal (`partitionRows`) and the checker's error (`invalid-value` at
 * `time = …`) in one sentence; undefined when the split is not by time or the time is another column.
 */
export function timeIsTargetProblem(table: { name: string; time?: string; target?: string }, order: SplitOrder): string | undefined {
  if (order !== 'time' || table.time === undefined || table.time !== table.target) return undefined;
  return `'time = ${table.time}' of 'data ${table.name}' names its target, and 'order = time' would sort the rows by their label: the test split would be the rows of the highest '${table.target}' values, not the most recent; name the column that holds each row's moment in 'time', or drop 'order = time'`;
}
