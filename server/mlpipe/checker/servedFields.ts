import type { RequestField } from '../features/request.js';
import { servedRequestFields } from '../served.js';
import type { CheckContext } from './context.js';
import { isRefusal } from './judge.js';

const fieldsOf = new WeakMap<CheckContext, ReadonlyMap<string, RequestField> | null>();

/**
 * The request fields of the served model by column, by the engine's own reading of its plan
 * (`servedRequestFields`, which serving's start, `/metadata` and `/predict` use). Null when
 * nothing is served or the plan cannot be made (the compiler's refusal is another rule's
 * error, as is a syntax error in the served model's `inputs`). Made once per check, and only when a serve default asks (a serve block has few defaults).
 */
export function servedRequestFieldMap(ctx: CheckContext): ReadonlyMap<string, RequestField> | null {
  let fields = fieldsOf.get(ctx);
  if (fields === undefined) {
    fields = null;
    // Unless the served model's `inputs` hold a syntax error: which columns it reads is not known.
    if (!ctx.servedModel()?.inputsUnread)
      try {
        const served = servedRequestFields(ctx.binding);
        if (served) fields = new Map(served.map((f) => [f.column, f]));
      } catch (e) {
        if (!isRefusal(e)) throw e;
      }
    fieldsOf.set(ctx, fields);
  }
  return fields;
}

/**
 * The request field `column` of the served model: how fills cover it, and which model inputs
 * read it. Undefined when the model does not read it, nothing is served, or the plan cannot be
 * made.
 */
export function servedRequestField(ctx: CheckContext, column: string): RequestField | undefined {
  return servedRequestFieldMap(ctx)?.get(column);
}
