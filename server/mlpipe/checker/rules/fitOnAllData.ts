import { FITTED_TRANSFORMS } from '../../language/transforms.js';
import { bareName } from '../../binder.js';
import type { Rule } from '../rule.js';

/** Statistics fitted on all rows include the test split, so test metrics are optimistic. */
export const fitOnAllData: Rule = {
  name: 'skew/fit-on-all-data',
  phase: 2,
  callees: FITTED_TRANSFORMS,
  call(call, _feature, ctx) {
    const fit = call.args.find((a) => a.name?.name === 'fit');
    if (fit && bareName(fit.value)?.name === 'all')
      ctx.report('skew/fit-on-all-data', fit, `\`${call.callee.name}\` fits on all rows, test split included: test metrics will be optimistic; use \`fit = train\``);
  },
};
