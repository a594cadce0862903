import { TEST, TRAIN } from '../../data/split.js';
import { splitConfig } from '../../language/splitConfig.js';
import { engineSplit, splitWithSeed } from '../engineSplit.js';
import type { Rule } from '../rule.js';

/** Seeds an unseeded split is tried with: the runner draws one, so only a split that fails with all of them is reported. */
const TRIAL_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * The runner refuses a split that leaves no training or no test rows with a target (a few
 * large groups, a tiny table). Computed with the engine's own split; an unseeded random
 * split is reported only when every trial seed fails, since the run draws its own.
 */
export const emptySplit: Rule = {
  name: 'invalid-value/empty-split',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    const data = p ? ctx.readData(p) : undefined;
    const targets = p?.target ? data?.values?.(p.target) : undefined;
    if (!p || !data || !targets || data.sampled) return;
    const cfg = splitConfig(ctx.binding);
    const count = (a: Uint8Array) => {
      let train = 0;
      let test = 0;
      for (let i = 0; i < a.length; i++) {
        if (targets[i] === null) continue;
        if (a[i] === TRAIN) train++;
        else if (a[i] === TEST) test++;
      }
      return { train, test };
    };
    let worst: { train: number; test: number } | undefined;
    if (cfg.order === 'time' || cfg.seed !== undefined) {
      const a = engineSplit(ctx);
      if (!a) return;
      const c = count(a);
      if (c.train === 0 || c.test === 0) worst = c;
    } else {
      for (const seed of TRIAL_SEEDS) {
        const a = splitWithSeed(ctx, seed);
        if (!a) return;
        const c = count(a);
        if (c.train > 0 && c.test > 0) return;
        worst = c;
      }
    }
    if (!worst) return;
    const block = ctx.singleton('split');
    ctx.report(
      'invalid-value',
      block ? ctx.header(block) : ctx.fileSpan(),
      `the split leaves ${worst.train} training and ${worst.test} test rows with a target in '${p.source}': use a smaller 'test' or 'validation', or split by a column with more groups`,
    );
  },
};
