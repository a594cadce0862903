import { bindArgs } from '../../language/callArgs.js';
import { fittedTransforms } from '../../transforms/index.js';
import type { Arg } from '../../syntax/ast.js';
import type { Rule } from '../rule.js';

/** Literal statistics freeze a baseline that drifts away from the data the model learns on. */
export const hardCodedBaseline: Rule = {
  name: 'skew/hard-coded-baseline',
  phase: 2,
  // Read at each check, so a transform registered later is dispatched too.
  get callees() {
    return fittedTransforms();
  },
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    if (!bound?.spec.fitted) return;
    const literal: Array<{ arg: Arg; name: string }> = [];
    for (const s of bound.spec.args) {
      const arg = s.literalStatistic ? bound.byName.get(s.name) : undefined;
      if (arg) literal.push({ arg, name: s.name });
    }
    if (literal.length === 0) return;
    literal.sort((a, b) => a.arg.start - b.arg.start);
    const names = literal.map((l) => "'" + l.name + "'").join(', ');
    ctx.report(
      'skew/hard-coded-baseline',
      { start: literal[0].arg.start, end: literal[literal.length - 1].arg.end },
      `'${bound.spec.name}' is given literal ${names}: ${literal.length === 1 ? 'it' : 'they'} will drift from the data the model learns; drop ${literal.length === 1 ? 'it' : 'them'} to fit on the training split`,
      { fix: 'drop-literal-statistics' },
    );
  },
};
