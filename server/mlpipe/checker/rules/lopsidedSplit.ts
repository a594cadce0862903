import { splitConfig } from '../../language/splitConfig.js';
import type { CheckContext } from '../context.js';
import { attributesOf } from '../../binder.js';
import { classifiesTarget, engineSplit, isSeeded, keptSplitVerdict, sidesWithTarget, splitKey } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import { oneClassVerdict } from './oneClassTraining.js';
import type { SplitVerdicts } from '../verdicts.js';

/**
 * A split `by` a column deals whole groups to the test side until it holds its share, so a few
 * groups of very different sizes can put most rows in the test split (groups of 10, 10 and 280
 * rows, `test = 0.2`: 280 test rows, 20 to train on). The run trains on what it is dealt without
 * a word; computed here with the engine's own split. Reported for a seeded random split (an
 * unseeded one draws its seed at run time, which `repro/unseeded-split` says) when the test
 * share is at least twice or at most half of what `test` asks, and ten points or more away.
 * An addition beyond the spec's table (docs/diagnostics.md).
 */
export const lopsidedSplit: Rule = {
  name: 'lopsided-split',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    const data = p?.target ? ctx.readData(p) : undefined;
    const cfg = splitConfig(ctx.binding);
    if (!p || !data || data.sampled || !cfg.valid || cfg.by === undefined || cfg.order !== 'random' || !isSeeded(ctx)) return;
    // A classifier split by its target: its own warning (splitByTarget) names the cause.
    if (splitsByClass(ctx)) return;
    const block = ctx.singleton('split');
    if (!block) return;
    const key = splitKey(ctx);
    const share = keptSplitVerdict(ctx, 'testShare', 'test-share', key === undefined ? undefined : `${key}\u0000${p.target}`, () => testShare(ctx));
    if (!share || share.test === 0 || share.test === share.total) return; // an empty side: invalid-value/empty-split
    const actual = share.test / share.total;
    const asked = cfg.test;
    const far = (actual >= 2 * asked || actual <= asked / 2) && Math.abs(actual - asked) >= 0.1;
    if (!far) return;
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    ctx.report(
      'lopsided-split',
      ctx.header(block),
      `the split by '${cfg.by}' puts ${share.test.toLocaleString('en-US')} of ${share.total.toLocaleString('en-US')} rows with a target (${pct(actual)}) in the test split, where 'test = ${asked}' asks ${pct(asked)}: '${cfg.by}' has few groups or groups of very different sizes, and whole groups are dealt; try another 'seed', or split by a column with more groups`,
    );
  },
};

function testShare(ctx: CheckContext): SplitVerdicts['testShare'] {
  const a = engineSplit(ctx);
  const sides = a ? sidesWithTarget(ctx, a) : null;
  return sides && { test: sides.test, total: sides.all };
}

/**
 * A classifier's split `by` its own target: each class is one group, dealt whole to one side, so
 * the test split holds only classes that no training row holds (every data, every seed). The model
 * never learns them, and the test metrics count every test row against it: they measure nothing.
 * With two classes the training side is one class, which the runner refuses (`invalid-value`,
 * oneClassTraining); with three or more the run trains and reports those metrics without a word.
 * Decided from the file and the target's column summary alone: no split is computed.
 */
export function splitsByClass(ctx: CheckContext): boolean {
  const p = ctx.binding.primary;
  const cfg = splitConfig(ctx.binding);
  return p?.target !== undefined && cfg.valid && cfg.by === p.target && classifiesTarget(ctx);
}

export const splitByTarget: Rule = {
  name: 'lopsided-split/by-target',
  phase: 1,
  file(ctx) {
    const block = ctx.singleton('split');
    const by = block ? attributesOf(block).get('by') : undefined;
    // Two classes: one is left in training, the runner's refusal ('invalid-value' at 'by').
    if (!by || !splitsByClass(ctx) || oneClassVerdict(ctx)) return;
    const target = ctx.binding.primary!.target!;
    ctx.report(
      'lopsided-split',
      by.value,
      `the split by '${target}' groups the rows by the target itself, so each class lands whole on one side: no test row's class occurs in training, the model cannot predict any test row right, and the test metrics measure nothing; split by the column that names the entity each row describes, or drop 'by'`,
    );
  },
};
