import type { Rule } from '../rule.js';

/** Features that depend on each other in a loop can never be computed. */
export const featureCycle: Rule = {
  name: 'feature-cycle',
  phase: 0,
  file(ctx) {
    const { features } = ctx.binding;
    // Every feature has a memo entry only when none is on, or reads, a cycle of two or more
    // (`FeatureResults.begin`): then the only cycles are features reading themselves.
    if (ctx.featureEntries?.size === features.size) {
      for (const [name, f] of features)
        if (f.features.includes(name)) ctx.report('feature-cycle', f.decl.name, `feature '${name}' depends on itself (${name} → ${name}): break the loop`);
      return;
    }
    const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
    const inCycle = new Map<string, string[]>();
    const stack: string[] = [];
    const visit = (name: string) => {
      state.set(name, 1);
      stack.push(name);
      for (const dep of features.get(name)!.features) {
        if (!features.has(dep)) continue;
        const s = state.get(dep);
        if (s === 1) {
          const cycle = stack.slice(stack.indexOf(dep));
          for (const n of cycle) if (!inCycle.has(n)) inCycle.set(n, cycle);
        } else if (s === undefined) visit(dep);
      }
      stack.pop();
      state.set(name, 2);
    };
    for (const name of features.keys()) if (!state.has(name)) visit(name);
    for (const [name, cycle] of inCycle) {
      const i = cycle.indexOf(name);
      const path = [...cycle.slice(i), ...cycle.slice(0, i), name].join(' → ');
      ctx.report('feature-cycle', features.get(name)!.decl.name, `feature '${name}' depends on itself (${path}): break the loop`);
    }
  },
};
