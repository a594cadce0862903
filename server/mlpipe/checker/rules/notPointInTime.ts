import { bindArgs } from '../../language/callArgs.js';
import { windowTransforms } from '../../transforms/index.js';
import type { Rule } from '../rule.js';

/** Without `as_of`, a window would aggregate history from after the example's moment. */
export const notPointInTime: Rule = {
  name: 'skew/not-point-in-time',
  phase: 2,
  // Read at each check, so a transform registered later is dispatched too.
  get callees() {
    return windowTransforms();
  },
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    if (!bound?.spec.window || bound.values.has('as_of')) return;
    const p = ctx.binding.primary;
    // A 'time' the data's header does not have is its own unknown-reference: naming it here would
    // have the fix write that unknown column.
    const asOf = p?.time && ctx.mayBeColumn(p, p.time) ? `${p.name}.${p.time}` : undefined;
    // Without a 'time' on the primary table (or one that is no column) there is no column to name: say which one to write, not a placeholder that reads as a reference.
    const add = asOf ? `add 'as_of = ${asOf}'` : `add 'as_of = ${p?.name ?? 'TABLE'}.COLUMN', naming the column of ${p ? `'${p.name}'` : 'the primary table'} that holds each example's moment`;
    ctx.report(
      'skew/not-point-in-time',
      call,
      `'${call.callee.name}' has no 'as_of': training would see rows from after each example's time; ${add}`,
      asOf ? { fix: 'add-as-of', asOf } : undefined,
    );
  },
};
