import { compilePlan, planInputOf } from '../features/index.js';
import { requiredRequestFields, type RequestField } from '../features/request.js';
import type { CheckContext } from './context.js';
import { isRefusal } from './judge.js';

const fieldsOf = new WeakMap<CheckContext, ReadonlyMap<string, RequestField> | null>();

/**
 * The request field `column` of the served model, by the engine's own reading of its plan
 * (`requiredRequestFields`, which serving's start and `/predict` use): how fills cover it, and
 * which model inputs read it. Undefined when the model does not read it, nothing is served, or
 * the plan cannot be made (the compiler's refusal is another rule's error). Made once per
 * check, and only when a serve default asks (a serve block has few defaults).
 */
export function servedRequestField(ctx: CheckContext, column: string): RequestField | undefined {
  let fields = fieldsOf.get(ctx);
  if (fields === undefined) {
    const served = ctx.servedModel();
    try {
      fields = served ? new Map(requiredRequestFields(compilePlan(planInputOf(ctx.binding, served.name))).map((f) => [f.column, f])) : null;
    } catch (e) {
      if (!isRefusal(e)) throw e;
      fields = null;
    }
    fieldsOf.set(ctx, fields);
  }
  return fields?.get(column);
}
