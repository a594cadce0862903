import { attributesOf, type Binding, type ModelSymbol } from './binder.js';

/**
 * The model behind `serve { model = … }` in a pipeline file: through a registered model's
 * `from`, or a model named directly. The one lookup, read by the checker's rules and the
 * language server's completion and quick fixes. (Which registry version serves is the
 * registry's lookup, `server/backend/registry/`.)
 */
export function servedModel(b: Binding): ModelSymbol | undefined {
  const serve = b.blocks.get('serve')?.[0];
  const ref = serve ? attributesOf(serve).get('model')?.value : undefined;
  if (ref?.kind !== 'Reference') return undefined;
  const name = ref.parts[0]?.name;
  if (name === undefined) return undefined;
  const reg = b.registered.get(name);
  if (reg?.from) return b.models.get(reg.from.name);
  return b.models.get(name);
}

/** Features the served model reads, directly or through other features (drift targets). */
export function servedFeatures(b: Binding): string[] {
  const m = servedModel(b);
  const closure = m ? b.featureClosure(m.inputs.map((i) => i.name)) : b.usedFeatures;
  // Direct inputs first, in their written order, then the features they read.
  const direct = m ? m.inputs.map((i) => i.name).filter((n) => closure.has(n)) : [];
  return [...new Set([...direct, ...closure])];
}
