import { attributesOf, type Binding, type ModelSymbol } from '../mlpipe/binder.js';

/** The model behind `serve { model = … }`: through a registered model's `from`, or named directly. */
export function servedModel(b: Binding): ModelSymbol | undefined {
  const serve = b.blocks.get('serve')?.[0];
  const ref = serve ? attributesOf(serve).get('model')?.value : undefined;
  if (ref?.kind !== 'Reference' || ref.parts.length !== 1) return undefined;
  const name = ref.parts[0].name;
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
