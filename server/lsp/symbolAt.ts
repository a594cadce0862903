import type { Binding, Occurrence } from '../mlpipe/index.js';

/** The occurrence (definition or use of a name) under an offset; the end of a word counts. */
export function occurrenceAt(binding: Binding, offset: number): Occurrence | undefined {
  const occ = binding.occurrences;
  let lo = 0;
  let hi = occ.length - 1;
  // Last occurrence starting at or before the offset (the list is sorted by start).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (occ[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const o = occ[lo];
  return o && o.start <= offset && offset <= o.end ? o : undefined;
}

/**
 * Whether two occurrences name the same thing. `serve.model` may name a registered model or a
 * model; both namespaces are matched through the binding's kinds.
 */
export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  return a.kind === b.kind && a.name === b.name && (a.kind !== 'column' || a.table === b.table);
}

/** Every occurrence of the symbol, definitions first. */
export function occurrencesOf(binding: Binding, target: Occurrence): Occurrence[] {
  return binding.occurrences.filter((o) => sameSymbol(o, target)).sort((a, b) => Number(b.isDefinition) - Number(a.isDefinition) || a.start - b.start);
}
