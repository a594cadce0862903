import { bareName } from '../../binder.js';
import { bindArgs } from '../../language/callArgs.js';
import { fittedTransforms } from '../../transforms/index.js';
import { argValue } from '../../syntax/args.js';
import type { Rule } from '../rule.js';

/** Statistics fitted on all rows include the test split, so test metrics are optimistic. */
export const fitOnAllData: Rule = {
  name: 'skew/fit-on-all-data',
  phase: 2,
  // Read at each check, so a transform registered later is dispatched too.
  get callees() {
    return fittedTransforms();
  },
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    const fit = bound?.byName.get('fit');
    if (!bound || !fit || bareName(argValue(fit))?.name !== 'all') return;
    if (bound.spec.fits(bound.values).length === 0) return; // nothing is fitted: 'fit' changes nothing
    ctx.report('skew/fit-on-all-data', fit, `'${call.callee.name}' fits on all rows, test split included: test metrics will be optimistic; use 'fit = train'`);
  },
};
