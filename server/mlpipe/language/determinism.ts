import { attributesOf, type Binding } from '../binder.js';

/**
 * What `deterministic = true` promises when a model states no `seed`: the engine does not draw
 * one, it uses this fixed seed (and records it with the run), so repeating the run repeats its
 * weights bit for bit. The checker's 'repro/unseeded-model' message and the hover say so.
 */
export const DETERMINISTIC_MODEL_SEED = 0;

/**
 * The same promise for a random split that states no `seed` (or a file with no `split` block):
 * the rows a model trains on decide its weights as much as the model's seed does, so the split
 * uses this fixed seed too (and the run records it) instead of drawing one.
 */
export const DETERMINISTIC_SPLIT_SEED = 0;

/** Whether the file asks for bitwise-reproducible training: `environment { deterministic = true }` (default false). */
export function isDeterministic(binding: Binding): boolean {
  const env = binding.blocks.get('environment')?.[0];
  const det = env ? attributesOf(env).get('deterministic')?.value : undefined;
  return det?.kind === 'Bool' && det.value;
}

/** The seed a `repro/unseeded-*` message suggests and its quick fix writes (one constant, so they agree). */
export const SUGGESTED_SEED = 42;

/** The model seed a run uses: the stated one, else a reproduced run's, else the fixed one when deterministic, else a drawn one. */
export function modelSeedFor(stated: number | undefined, reproduced: number | undefined, deterministic: boolean, draw: () => number): number {
  return stated ?? reproduced ?? (deterministic ? DETERMINISTIC_MODEL_SEED : draw());
}
