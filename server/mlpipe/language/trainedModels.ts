/**
 * Which models a run trains when none is named, in one place for the engine (`chooseModel`) and
 * the editor's Train lens (`lensBlocks.ts`), which read the names from a binding and from the
 * syntax tree: the model the first `register` block takes (`registered`: the models the register
 * blocks take, in the file's order, names of no model included), else the only model, else,
 * several models and none registered, each of them in the file's order, a run each. No model:
 * none.
 */
export function modelsARunTrains(models: readonly string[], registered: readonly string[]): string[] {
  const first = registered.find((m) => models.includes(m));
  return first !== undefined ? [first] : [...models];
}
