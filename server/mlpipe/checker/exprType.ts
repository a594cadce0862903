import { bindArgs } from '../language/callArgs.js';
import type { FeatureSymbol } from '../binder.js';
import type { Expr } from '../syntax/ast.js';
import type { ExprType } from '../transforms/index.js';
import type { CheckContext } from './context.js';
import { refPart, refPartCount } from '../syntax/reference.js';

export type { ExprType };

/**
 * A feature's type in its symbol's `typed` slot: the check's stamp times the number of codes,
 * plus the type's index here. 'pending' marks a feature being inferred (a cycle reads 'unknown').
 */
const CODES: ReadonlyArray<ExprType | 'pending'> = ['integer', 'number', 'string', 'vector', 'unknown', 'pending'];
const PENDING = CODES.indexOf('pending');
/** The last check's stamp: each inference trusts only the slots written under its own. */
let stamps = 0;

/** Infers expression types, memoising features (cycles give `unknown`), also across checks through the memo's feature entries. */
export class TypeInference {
  /** This check's stamp, as the slot holds it (a small integer for thousands of millions of checks). */
  private readonly base = ++stamps * CODES.length;
  constructor(private readonly ctx: CheckContext) {}

  feature(name: string): ExprType {
    return this.typedFeature(name) ?? 'unknown';
  }

  /**
   * A one-part name: a feature's type, else the primary table's column's. One look-up of the
   * name, in the file's features, whose symbol holds this check's type: this runs for every name
   * in every feature.
   */
  private named(name: string): ExprType {
    const t = this.typedFeature(name);
    if (t !== undefined) return t;
    const p = this.ctx.binding.primary;
    return p ? (this.ctx.column(p, name)?.type ?? 'unknown') : 'unknown';
  }

  /** The type of the feature `name` ('unknown' inside its own cycle), undefined when no feature has that name. */
  private typedFeature(name: string): ExprType | undefined {
    const f = this.ctx.binding.features.get(name);
    if (!f) return undefined;
    const code = f.typed - this.base;
    if (code >= 0 && code < CODES.length) return code === PENDING ? 'unknown' : (CODES[code] as ExprType);
    return this.infer(f);
  }

  private infer(f: FeatureSymbol): ExprType {
    // A feature whose inputs are unchanged since the last check has the type it had then (kept
    // on its entry: no need to mark it in this check's slot).
    const entry = this.ctx.featureEntries?.get(f.decl);
    if (entry?.type !== undefined) return entry.type;
    f.typed = this.base + PENDING;
    const t = this.of(f.decl.value);
    f.typed = this.base + CODES.indexOf(t);
    if (entry) entry.type = t;
    return t;
  }

  of(e: Expr): ExprType {
    switch (e.kind) {
      case 'Number':
        return Number.isInteger(e.value) ? 'integer' : 'number';
      case 'String':
        return 'string';
      case 'Paren':
        return this.of(e.expr);
      case 'Unary':
      case 'Binary':
        return 'number';
      case 'Reference': {
        if (refPartCount(e) === 1) return this.named(refPart(e, 0));
        if (refPartCount(e) === 2) return this.column(refPart(e, 0), refPart(e, 1));
        return 'unknown';
      }
      case 'Call': {
        // The catalogue states each transform's result type; arguments bind by name or position.
        const bound = bindArgs(e);
        if (!bound) return 'unknown';
        const xExpr = bound.values.get(bound.spec.window ? 'column' : 'x');
        const x = xExpr ? this.of(xExpr) : 'unknown';
        return bound.spec.result(x, bound.values);
      }
      default:
        return 'unknown';
    }
  }

  column(table: string, column: string): ExprType {
    const t = this.ctx.binding.tables.get(table);
    if (!t) return 'unknown';
    return this.ctx.column(t, column)?.type ?? 'unknown';
  }
}

const inference = new WeakMap<CheckContext, TypeInference>();

/** The check's one type inference, shared by the rules that ask (each feature inferred once). */
export function typesOf(ctx: CheckContext): TypeInference {
  let t = inference.get(ctx);
  if (!t) inference.set(ctx, (t = new TypeInference(ctx)));
  return t;
}

export function isNumeric(t: ExprType): boolean {
  return t === 'integer' || t === 'number';
}
