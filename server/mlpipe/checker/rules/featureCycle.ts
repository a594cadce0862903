import type { FeatureSymbol } from '../../binder.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * A feature that reads its own name. In a feature a bare name is the feature when one has that
 * name, so `feature Fare = log1p(Fare)` reads itself, not the column: the commonest loop by
 * far, and the one whose remedy is known (name the column through its table).
 */
function reportSelf(ctx: CheckContext, name: string, f: FeatureSymbol): void {
  const primary = ctx.binding.primary;
  if (primary && ctx.mayBeColumn(primary, name)) {
    const qualified = `${primary.name}.${name}`;
    ctx.report(
      'feature-cycle',
      f.decl.name,
      `feature '${name}' reads itself: in a feature a bare name is the feature of that name, not the column; write '${qualified}' to read the column`,
      { fix: 'qualify-column', table: primary.name, column: name },
    );
    return;
  }
  ctx.report('feature-cycle', f.decl.name, `feature '${name}' depends on itself (${name} → ${name}): break the loop`);
}

/** Features that depend on each other in a loop can never be computed. */
export const featureCycle: Rule = {
  name: 'feature-cycle',
  phase: 0,
  file(ctx) {
    const { features } = ctx.binding;
    // Every feature has a memo entry only when none is on, or reads, a cycle of two or more
    // (`FeatureResults.begin`): then the only cycles are features reading themselves.
    if (ctx.featureEntries?.size === features.size) {
      for (const [name, f] of features) if (f.features.includes(name)) reportSelf(ctx, name, f);
      return;
    }
    const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
    const inCycle = new Map<string, string[]>();
    const stack: string[] = [];
    const visit = (name: string) => {
      state.set(name, 1);
      stack.push(name);
      for (const dep of features.get(name)!.features) {
        // A feature that reads no feature is on no loop: most of a large file's, left out of the maps.
        const d = features.get(dep);
        if (!d || d.features.length === 0) continue;
        const s = state.get(dep);
        if (s === 1) {
          const cycle = stack.slice(stack.indexOf(dep));
          for (const n of cycle) if (!inCycle.has(n)) inCycle.set(n, cycle);
        } else if (s === undefined) visit(dep);
      }
      stack.pop();
      state.set(name, 2);
    };
    for (const [name, f] of features) if (f.features.length > 0 && !state.has(name)) visit(name);
    for (const [name, cycle] of inCycle) {
      const f = features.get(name)!;
      // Each feature once, for the first loop the walk finds through it: reading itself is a loop of one.
      if (cycle.length === 1) {
        reportSelf(ctx, name, f);
        continue;
      }
      const i = cycle.indexOf(name);
      const path = [...cycle.slice(i), ...cycle.slice(0, i), name].join(' → ');
      ctx.report('feature-cycle', f.decl.name, `feature '${name}' depends on itself (${path}): break the loop`);
    }
  },
};
