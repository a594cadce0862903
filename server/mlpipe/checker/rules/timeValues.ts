import { attributesOf, bareName } from '../../binder.js';
import { parseTime } from '../../data/values.js';
import type { Rule } from '../rule.js';

/**
 * A time-ordered split reads every cell of the primary table's `time` column as a time, by the
 * engine's parser (`data/values.ts`): the first cell it refuses stops the run, so the checker
 * reports that cell at the split's `order`. Over the whole file, as the engine splits it.
 */
export const timeOrderValues: Rule = {
  name: 'invalid-value/time-order',
  phase: 1,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'split') return;
    const order = attributesOf(block).get('order');
    const p = ctx.binding.primary;
    if (!order || bareName(order.value)?.name !== 'time' || !p?.time) return;
    const data = ctx.readData(p);
    if (!data) return;
    const column = data.columns?.find((c) => c.name === p.time);
    // A numeric column is epoch seconds already: nothing to parse.
    if (!column || column.type !== 'string') return;
    const cells = (data.wholeFile?.values ?? data.values)?.(p.time);
    if (!cells) return;
    for (let i = 0; i < cells.length; i++) {
      try {
        parseTime(cells[i]);
      } catch (e) {
        ctx.report(
          'invalid-value',
          order,
          `'split' orders rows by time, and '${p.time}' of '${p.source ?? p.name}' cannot be read as times: data row ${i + 1}: ${(e as Error).message}`,
        );
        return;
      }
    }
  },
};
