import type { CheckContext } from '../context.js';
import { engineSplit, isSeeded, keptSplitVerdict, sidesWithTarget, splitKey, splitWithSeed, TRIAL_SEEDS, workingSeed } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import type { EmptySplitVerdict } from '../verdicts.js';

/**
 * The runner refuses a split that leaves no training or no test rows with a target (a few
 * large groups, a tiny table). Computed with the engine's own split. An unseeded random split
 * draws its seed at run time, so the run can be refused whenever one seed leaves a side empty:
 * that is reported when any trial seed does, naming how many of them.
 */
export const emptySplit: Rule = {
  name: 'invalid-value/empty-split',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    const data = p ? ctx.readData(p) : undefined;
    if (!p || !data || data.sampled) return;
    // Kept between processes under what it was computed from: a fresh process then reads no cell.
    const split = splitKey(ctx);
    const verdict = keptSplitVerdict(ctx, 'emptySplit', 'empty-split', split === undefined ? undefined : `${split}\u0000${p.target ?? ''}`, () => decide(ctx));
    if (!verdict) return;
    const block = ctx.singleton('split');
    const rows = data.rowsRead ?? 0;
    const target = p.target === undefined ? undefined : ctx.column(p, p.target);
    if (target && target.missing >= rows) {
      // No split, seed or group can help a table without a target value: the data is at fault,
      // so the error is on the target it lacks ('split {' or the pipeline line named no cause).
      const at = p.attrs.get('target')?.value ?? (block ? ctx.header(block) : ctx.fileSpan());
      ctx.report('invalid-value', at, `no row of '${p.source}' has a value of the target '${p.target}' (${rows.toLocaleString('en-US')} data rows read): the run would have nothing to train or test on`);
      return;
    }
    const { seed } = verdict;
    // By chance only: a seed that splits well is the fix (the quick fix writes it).
    const chance = isSeeded(ctx) || verdict.failing === TRIAL_SEEDS.length ? '' : ` with ${verdict.failing} of ${TRIAL_SEEDS.length} seeds tried (the run draws its own, so it can be refused)`;
    // The remedy depends on the empty side: 'test = 0.00001' over 8,000 rows rounds to no test
    // row, and was told to use a smaller 'test'.
    const remedy = verdict.train === 0 ? "use a smaller 'test' or 'validation', or split by a column with more groups" : "use a larger 'test'";
    ctx.report(
      'invalid-value',
      block ? ctx.header(block) : ctx.fileSpan(),
      `the split leaves ${verdict.train} training and ${verdict.test} test rows with a target in '${p.source}'${chance}: ${
        seed === undefined ? '' : `set 'seed = ${seed}', `
      }${remedy}`,
      seed === undefined ? undefined : { fix: 'add-seed', block: 'split', seed },
    );
  },
};

/** The first split tried that leaves a side without a target row, with how many do; null when none does or none can be computed. */
function decide(ctx: CheckContext): EmptySplitVerdict {
  const seeded = isSeeded(ctx);
  let worst: { train: number; test: number } | undefined;
  let failing = 0;
  for (const seed of seeded ? [undefined] : TRIAL_SEEDS) {
    const a = seed === undefined ? engineSplit(ctx) : splitWithSeed(ctx, seed);
    const c = a ? sidesWithTarget(ctx, a) : null;
    if (!c) return null;
    if (c.train === 0 || c.test === 0) {
      failing++;
      worst ??= { train: c.train, test: c.test };
    }
  }
  if (!worst) return null;
  const seed = seeded ? undefined : workingSeed(ctx);
  return { ...worst, failing, ...(seed === undefined ? {} : { seed }) };
}
