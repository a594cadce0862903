import { attributesOf } from '../../binder.js';
import { oneClassTrainingMessage, trainingClasses } from '../../data/trainingClasses.js';
import { splitConfig } from '../../language/splitConfig.js';
import type { CheckContext } from '../context.js';
import { classifiesTarget, engineSplit, isSeeded, keptSplitVerdict, sidesWithTarget, splitKey, splitWithSeed, timesReadable, trainingClassOf, TRIAL_SEEDS, workingSeed } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import type { SplitVerdicts } from '../verdicts.js';

/**
 * The runner refuses a classifier whose training rows with a target hold one class
 * (`partitionRows`): a split by the target itself (each class a group, dealt whole to one side),
 * or a few groups or rows of a rare class all dealt to the test side. Computed with the engine's
 * own split and the same count (`trainingClasses`), over a file read whole; an unseeded random
 * split is judged on the trial seeds, as the empty split is, and reported when any leaves one class.
 */
export const oneClassTraining: Rule = {
  name: 'invalid-value/one-class-training',
  phase: 1,
  file(ctx) {
    const v = oneClassVerdict(ctx);
    const p = ctx.binding.primary;
    if (!v || !p?.target) return;
    const cfg = splitConfig(ctx.binding);
    const block = ctx.singleton('split');
    const by = block ? attributesOf(block).get('by') : undefined;
    // By the target: the 'by' line is the fault; otherwise the split as a whole.
    const at = cfg.by === p.target && by ? by.value : block ? ctx.header(block) : ctx.fileSpan();
    // By chance only: a seed that trains on two classes is the fix (the quick fix writes it).
    const seeded = isSeeded(ctx);
    const chance = seeded ? '' : ` with ${v.failing} of ${TRIAL_SEEDS.length} seeds tried (the run draws its own, so it can be refused)`;
    const seed = seeded ? undefined : workingSeed(ctx);
    ctx.report(
      'invalid-value',
      at,
      oneClassTrainingMessage({ target: p.target, source: p.source ?? p.name, cls: v.cls, rows: v.rows, by: cfg.by, order: cfg.order, chance, seed }),
      seed === undefined ? undefined : { fix: 'add-seed', block: 'split', seed },
    );
  },
};

/**
 * The first split tried that leaves the training rows one class of a classifier's target, with
 * how many do; null when none does, or it cannot be judged (no classifier, a sampled file, a
 * target of fewer than two classes or an empty side: other errors). Kept per check, and
 * between processes under the split's key and the target.
 */
export function oneClassVerdict(ctx: CheckContext): SplitVerdicts['oneClassTraining'] {
  if (memo.has(ctx)) return memo.get(ctx)!;
  const verdict = judge(ctx);
  memo.set(ctx, verdict);
  return verdict;
}

const memo = new WeakMap<CheckContext, SplitVerdicts['oneClassTraining']>();

function judge(ctx: CheckContext): SplitVerdicts['oneClassTraining'] {
  const p = ctx.binding.primary;
  const data = p ? ctx.readData(p) : undefined;
  // A target of one class is refused whatever the split ('invalid-value' at the target): no classOf then.
  if (!p?.target || !data || data.sampled || !splitConfig(ctx.binding).valid || !classifiesTarget(ctx)) return null;
  const split = splitKey(ctx);
  const key = split === undefined ? undefined : `${split}\u0000${p.target}`;
  return keptSplitVerdict(ctx, 'oneClassTraining', 'one-class-training', key, () => decide(ctx));
}

function decide(ctx: CheckContext): SplitVerdicts['oneClassTraining'] {
  const classOf = trainingClassOf(ctx);
  // A time the engine cannot read refuses the time-ordered split ('invalid-value' at 'order').
  if (!classOf || !timesReadable(ctx)) return null;
  let worst: { rows: number; cls: string } | undefined;
  let failing = 0;
  for (const seed of isSeeded(ctx) ? [undefined] : TRIAL_SEEDS) {
    const a = seed === undefined ? engineSplit(ctx) : splitWithSeed(ctx, seed);
    const sides = a ? sidesWithTarget(ctx, a) : null;
    // A side with no target row is the empty split's error (the runner's first refusal), whose
    // 'add seed' fix writes a seed that trains on two classes too: that error alone is said.
    if (!a || !sides || sides.train === 0 || sides.test === 0) return null;
    const train = trainingClasses(a, classOf);
    if (train.classes.length !== 1) continue;
    failing++;
    worst ??= { rows: train.rows, cls: train.classes[0]! };
  }
  return worst ? { ...worst, failing } : null;
}
