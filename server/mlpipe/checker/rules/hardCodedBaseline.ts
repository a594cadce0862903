import { FITTED_TRANSFORMS } from '../../language/transforms.js';
import { TRANSFORMS } from '../../language/transforms.js';
import type { Rule } from '../rule.js';

/** Literal statistics freeze a baseline that drifts away from the data the model learns on. */
export const hardCodedBaseline: Rule = {
  name: 'skew/hard-coded-baseline',
  phase: 2,
  callees: FITTED_TRANSFORMS,
  call(call, _feature, ctx) {
    const spec = TRANSFORMS[call.callee.name];
    if (!spec?.fitted) return;
    const literal = call.args.filter((a) => a.name && spec.args.find((s) => s.name === a.name!.name)?.literalStatistic);
    if (literal.length === 0) return;
    const names = literal.map((a) => '`' + a.name!.name + '`').join(', ');
    ctx.report(
      'skew/hard-coded-baseline',
      { start: literal[0].start, end: literal[literal.length - 1].end },
      `\`${spec.name}\` is given literal ${names}: they will drift from the data the model learns; drop them to fit on the training split`,
      { fix: 'drop-literal-statistics' },
    );
  },
};
