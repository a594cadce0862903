import { attributesOf, type Binding, type ModelSymbol } from './binder.js';
import type { Block, Drift } from './syntax/ast.js';
import type { ServeDefault } from './features/row.js';
import { literalValue } from './syntax/literals.js';
import { setOwn } from './ownKey.js';
import { compilePlan, planInputOf } from './features/index.js';
import { requiredRequestFields, type RequestField } from './features/request.js';
import { refPart } from './syntax/reference.js';

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
  const name = refPart(ref, 0);
  if (name === undefined) return undefined;
  const reg = b.registered.get(name);
  if (reg?.from) return b.models.get(reg.from.name);
  return b.models.get(name);
}

/**
 * The request fields of the served model: the raw primary-table columns its features read
 * (a window's key and `as_of` included), in plan order, by the engine's own reading of its plan,
 * the list serving's `/metadata` gives as `inputs` and `/predict` validates against. Undefined
 * when nothing is served; throws the compiler's refusal when no plan can be made.
 */
export function servedRequestFields(b: Binding): RequestField[] | undefined {
  const served = servedModel(b);
  return served ? requiredRequestFields(compilePlan(planInputOf(b, served.name))) : undefined;
}

/** Features the served model reads, directly or through other features (drift targets). */
export function servedFeatures(b: Binding): string[] {
  const m = servedModel(b);
  const closure = m ? b.featureClosure(m.inputs.map((i) => i.name)) : b.usedFeatures;
  // Direct inputs first, in their written order, then the features they read.
  const direct = m ? m.inputs.map((i) => i.name).filter((n) => closure.has(n)) : [];
  return [...new Set([...direct, ...closure])];
}

/**
 * The `defaults` block serving reads: the first in the first `serve`. A second `serve`, or a
 * second `defaults` in it, is duplicate-definition, and what it holds fills nothing.
 */
export function serveDefaultsBlock(b: Binding): Block | undefined {
  for (const e of b.blocks.get('serve')?.[0]?.entries ?? []) if (e.kind === 'Block' && e.type.name === 'defaults') return e;
  return undefined;
}

/**
 * The `monitor` block the product reads: the first. A second is duplicate-definition (its copy
 * after the first, `earlierCopy`) and measures nothing: serving reads this one, so the run's drift
 * reference and notes and the checker's rules read it too. The run read drift lines from every
 * monitor block, and the checker judged a second block's lines too, while serving ignored them.
 */
export function monitorBlock(b: Binding): Block | undefined {
  return b.blocks.get('monitor')?.[0];
}

/** The `drift` lines of the monitor block (`monitorBlock`), in written order. */
export function monitorDriftLines(b: Binding): Drift[] {
  return (monitorBlock(b)?.entries ?? []).filter((e): e is Drift => e.kind === 'Drift');
}

const defaultsOf = new WeakMap<Binding, Readonly<Record<string, ServeDefault>>>();

/**
 * `serve { defaults { column = value } }`: what serving fills into a request field that is
 * absent or null, by column. Only literals fill (anything else is the checker's error); a column
 * given twice takes its first value, as `attributesOf` keeps the first of each name and so every
 * rule judges it (the later copy is duplicate-definition): taking the last, implicit-missing said
 * serving fills one value while missing-default-mismatch judged the other. The one reading, for
 * serving, scoring and the checker's words about what a request without the field gets.
 */
export function serveDefaults(b: Binding): Readonly<Record<string, ServeDefault>> {
  let out = defaultsOf.get(b);
  if (out) return out;
  const defaults: Record<string, ServeDefault> = {};
  const seen = new Set<string>();
  for (const d of serveDefaultsBlock(b)?.entries ?? []) {
    // The first copy counts even when it is no literal: the second is no fallback for it.
    if (d.kind !== 'Attribute' || seen.has(d.name.name)) continue;
    seen.add(d.name.name);
    const v = literalValue(d.value);
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') setOwn(defaults, d.name.name, v);
  }
  defaultsOf.set(b, (out = defaults));
  return out;
}
