import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';

/** A served model nobody watches (no monitor, or no logged predictions to watch) rots silently as the world drifts. */
export const unmonitoredServing: Rule = {
  name: 'lifecycle/unmonitored-serving',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'serve' || ctx.singleton('serve') !== block) return;
    if (ctx.binding.blocks.has('monitor')) {
      // Drift is measured on logged predictions only: unlogged, the monitor never fires.
      const log = attributesOf(block).get('log_predictions')?.value;
      if (log?.kind === 'Bool' && !log.value)
        ctx.report('lifecycle/unmonitored-serving', log, "'log_predictions = false' leaves the 'monitor' block nothing to measure: drift is computed on logged predictions; drop this line to log them");
      return;
    }
    ctx.report('lifecycle/unmonitored-serving', ctx.header(block), "the served model has no 'monitor' block: drift would go unnoticed", {
      fix: 'add-monitor',
    });
  },
};
