import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';
import { splitConfig } from '../../language/splitConfig.js';
import { firstRepeat } from '../../data/repeats.js';
import { classifiesTarget, keptSplitVerdict, splitByWorks, splitKey } from '../engineSplit.js';

/** When one entity has several rows, a row-level split tests on entities the model trained on. */
export const groupLeakage: Rule = {
  name: 'skew/group-leakage',
  phase: 2,
  file(ctx) {
    const p = ctx.binding.primary;
    if (!p?.key) return;
    const cfg = splitConfig(ctx.binding);
    const split = ctx.singleton('split');
    // A 'by' that is no bare column name ('by = "id"', 'by = 3') is its own error: the split has
    // a 'by', and the fix would write a second one.
    if (cfg.by || (split && attributesOf(split).has('by'))) return;
    // IDs that repeat only as doubles (distinct 19-digit integers) are the key's invalid-value,
    // not entities on both sides: saying they repeat would send the user looking for duplicates.
    if (ctx.column(p, p.key)?.collision) return;
    const data = ctx.readData(p);
    const keys = data?.wholeFile?.values(p.key) ?? data?.values?.(p.key);
    if (!keys) return;
    const repeated = firstRepeat(keys);
    if (repeated === undefined) return;
    const what = `'${p.name}.${p.key}' repeats (e.g. ${JSON.stringify(repeated)})`;
    if (p.key === p.target) {
      // The target as the key: 'by = key' would put each class on one side of the split only
      // (a model that never trains on the class it is tested on), so it is not the advice.
      ctx.report(
        'skew/group-leakage',
        p.attrs.get('key')!.value,
        `${what}: it is the target, not an entity's ID; set 'key' to the column that names the entity each row describes (grouping the split by the target would put each class on one side only)`,
      );
      return;
    }
    // A time split of repeated entities (a forecast, a customer scored each month) tests each
    // one's later rows after training on its earlier ones, which is the intended evaluation when
    // the model will score entities it has seen; 'by' there moves whole entities to test by their
    // latest row, another evaluation. So the advice names both cases instead of ordering 'by'.
    const message =
      cfg.order === 'time'
        ? `${what} and the time split has no 'by': an entity's earlier rows train and its later rows test, as intended when the model scores entities it has already seen; if it must score new ones, add 'by = ${p.key}' (whole entities then go to test by their latest row)`
        : `${what} but the split has no 'by': rows of one entity land on both sides; add 'by = ${p.key}'`;
    // The fix is offered only when it leaves the run something to train and test on: a few
    // entities under a large 'test' would trade this warning for the empty split's error (or,
    // for a classifier, for the one-class training side's).
    const key = splitKey(ctx);
    const classes = classifiesTarget(ctx) ? 'classes' : '';
    const works = keptSplitVerdict(ctx, 'splitByKey', 'split-by-key', key === undefined ? undefined : `${key}\u0000${p.key}\u0000${p.target ?? ''}\u0000${classes}`, () => splitByWorks(ctx, p.key!));
    ctx.report('skew/group-leakage', split ? ctx.header(split) : p.attrs.get('key')!, message, works ? { fix: 'add-split-by', column: p.key } : undefined);
  },
};
