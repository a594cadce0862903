import { z } from 'zod';
import { setOwn } from '../mlpipe/ownKey.js';

/**
 * A JSON object keyed by names a user wrote (columns, features), each value parsed by `value`,
 * every own key kept. Not `z.record`: zod leaves a '__proto__' key out of the records it builds
 * (an assignment to it would set the prototype), and '__proto__' is an identifier like any other,
 * so a column or feature of that name was silently dropped. `notObject`: the message for an input
 * that is no object.
 */
export function namedRecord<T extends z.ZodType>(value: T, notObject?: (input: unknown) => string) {
  return z
    .custom<Record<string, z.input<T>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), notObject ? { error: (iss) => notObject(iss.input) } : undefined)
    .transform((input, ctx) => {
      const out: Record<string, z.output<T>> = {};
      for (const k of Object.keys(input)) {
        const r = value.safeParse(input[k]);
        if (r.success) setOwn(out, k, r.data);
        else for (const i of r.error.issues) ctx.issues.push({ ...i, path: [k, ...i.path], input: input[k] } as (typeof ctx.issues)[number]);
      }
      return out;
    });
}
