/**
 * What `deterministic = true` promises when a model states no `seed`: the engine does not draw
 * one, it uses this fixed seed (and records it with the run), so repeating the run repeats its
 * weights bit for bit. The checker's 'repro/unseeded-model' message and the hover say so.
 */
export const DETERMINISTIC_MODEL_SEED = 0;

/** The seed a `repro/unseeded-*` message suggests and its quick fix writes (one constant, so they agree). */
export const SUGGESTED_SEED = 42;

/** The model seed a run uses: the stated one, else a reproduced run's, else the fixed one when deterministic, else a drawn one. */
export function modelSeedFor(stated: number | undefined, reproduced: number | undefined, deterministic: boolean, draw: () => number): number {
  return stated ?? reproduced ?? (deterministic ? DETERMINISTIC_MODEL_SEED : draw());
}
