import type { z } from 'zod';
import { bucketize } from './bucketize.js';
import { clip } from './clip.js';
import { fill_missing } from './fill_missing.js';
import { hash_bucket } from './hash_bucket.js';
import { log1p } from './log1p.js';
import { min_max } from './min_max.js';
import { one_hot } from './one_hot.js';
import type { ArgKind, RowTransformSpec, TransformSpec } from './spec.js';
import { standardize } from './standardize.js';
import { window_count } from './window_count.js';
import { window_max } from './window_max.js';
import { window_mean } from './window_mean.js';
import { window_min } from './window_min.js';
import { window_sum } from './window_sum.js';

export type {
  AnyKernels,
  ArgKind,
  ArgSpec,
  ArgValues,
  ExprType,
  FitKernel,
  FitSample,
  FittedTransformSpec,
  PlainTransformSpec,
  Kernels,
  Range,
  RowTransformSpec,
  RowValues,
  StateBase,
  TransformSpec,
  ValueKind,
  WindowTransformSpec,
} from './spec.js';
export { LITERAL_ARG_KINDS, rowTransform } from './spec.js';

/** The catalogue of feature transforms, one file each. Adding a transform: its file and one line here. */
const BUILTIN = {
  fill_missing,
  standardize,
  min_max,
  log1p,
  clip,
  bucketize,
  one_hot,
  hash_bucket,
  window_mean,
  window_sum,
  window_count,
  window_max,
  window_min,
};

export type TransformName = keyof typeof BUILTIN;

/** The state type a transform's schema declares (never for a transform that fits nothing). */
type StateOf<T> = T extends { state: z.core.$ZodType<infer S> } ? S : never;

/** The saved state of any fitted transform of the catalogue (each entry's zod state schema's type). */
export type NodeState = { [K in TransformName]: StateOf<(typeof BUILTIN)[K]> }[TransformName];

/**
 * Without a prototype: a callee the user wrote (`constructor(x)`, `toString(x)`) read as
 * `TRANSFORMS[name]` is undefined, not an inherited function taken for a transform's entry.
 */
const registry: Record<string, TransformSpec> = Object.assign(Object.create(null) as Record<string, TransformSpec>, BUILTIN);

/** Every transform by name: the checker, engine, hover and completion all read this one record. */
export const TRANSFORMS: Readonly<Record<string, TransformSpec>> = registry;

/**
 * Adds a transform to the catalogue at run time, as a line of `BUILTIN` does at build time
 * (tests prove a new transform needs nothing else); returns the function that removes it.
 */
export function registerTransform(spec: TransformSpec): () => void {
  if (isTransform(spec.name)) throw new Error(`internal: transform ${spec.name} is already in the catalogue`);
  // Arguments are bound by name and walked by their place in the signature: a name given twice
  // would be bound once and walked twice.
  const twice = spec.args.find((a, i) => spec.args.findIndex((b) => b.name === a.name) !== i);
  if (twice) throw new Error(`internal: transform ${spec.name} names its argument '${twice.name}' twice`);
  registry[spec.name] = spec;
  byLength = undefined;
  return () => {
    delete registry[spec.name];
    byLength = undefined;
  };
}

export function isTransform(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(registry, name);
}

/** The transform a callee names, or undefined (never an inherited property such as 'toString'). */
export function transformNamed(name: string): TransformSpec | undefined {
  return isTransform(name) ? registry[name] : undefined;
}

/** The row transform a plan node's kind names (the engine's lookup), or undefined. */
export function rowTransformNamed(name: string): RowTransformSpec | undefined {
  const spec = transformNamed(name);
  return spec?.kernels ? (spec as RowTransformSpec) : undefined;
}

/** Transforms that may learn state from data (unless given literal statistics), registered ones included. */
export function fittedTransforms(): string[] {
  return Object.values(registry)
    .filter((t) => t.fitted)
    .map((t) => t.name);
}

/** The window aggregates. */
export function windowTransforms(): string[] {
  return Object.values(registry)
    .filter((t) => t.window)
    .map((t) => t.name);
}

/**
 * A transform's signature read out of its catalogue entry, into arrays of one shape for every
 * transform: the entries (and their arguments) are object literals of differing fields, so each
 * read of `spec.args[k].name` per call was a megamorphic property load, and binding a call's
 * arguments took ~4,800 instructions (features-used, 5,000 lines). The entry stays the one
 * statement of what a transform accepts; this is a copy of its shape, made when the index is.
 */
export interface Signature {
  names: string[];
  kinds: ArgKind[];
  /** The argument's position when it may be given positionally, else -1. */
  positions: number[];
  required: boolean[];
  /** The index of the argument it is taken only with (`with`), else -1; one past the last when `with` names none (never given). */
  partners: number[];
  /** 'Exactly one of' as argument indexes. */
  oneOf: number[][] | undefined;
  /** The transform fills a missing value (`coversMissing`). */
  coversMissing: boolean;
}

function signatureOf(spec: TransformSpec): Signature {
  const names = spec.args.map((a) => a.name);
  return {
    names,
    kinds: spec.args.map((a) => a.kind),
    positions: spec.args.map((a) => a.position ?? -1),
    required: spec.args.map((a) => a.required === true),
    partners: spec.args.map((a) => (a.with === undefined ? -1 : names.includes(a.with) ? names.indexOf(a.with) : names.length)),
    oneOf: spec.oneOf?.map((set) => set.map((n) => names.indexOf(n))),
    coversMissing: spec.coversMissing !== undefined,
  };
}

/** The argument a name gives in a signature, or -1: binding a call and the checker's walk both match names this way. */
export function indexOfName(sig: Signature, name: string): number {
  const names = sig.names;
  for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
  return -1;
}

/** The argument given at a position (counting positional arguments only), or -1. */
export function indexOfPosition(sig: Signature, position: number): number {
  const positions = sig.positions;
  for (let k = 0; k < positions.length; k++) if (positions[k] === position) return k;
  return -1;
}

/** A transform's catalogue entry with its signature: what binding a call reads, in one look-up. */
export interface CatalogueEntry {
  readonly name: string;
  readonly spec: TransformSpec;
  readonly signature: Signature;
}

/**
 * The catalogue by the length of the name, made on the first look-up after the catalogue
 * changes. A callee's name is a fresh slice of the source: a keyed read hashed it (~770
 * instructions a call, a Map ~520), where its length and a compare of its characters with the
 * one or three names of that length cost a few dozen.
 */
let byLength: Array<CatalogueEntry[] | undefined> | undefined;

function indexCatalogue(): Array<CatalogueEntry[] | undefined> {
  const index: Array<CatalogueEntry[] | undefined> = [];
  for (const name of Object.keys(registry)) {
    const spec = registry[name];
    (index[name.length] ??= []).push({ name, spec, signature: signatureOf(spec) });
  }
  return index;
}

/** The entry and signature of the transform a callee names, or undefined (never an inherited property such as 'toString'). */
export function catalogueEntry(name: string): CatalogueEntry | undefined {
  const bucket = (byLength ??= indexCatalogue())[name.length];
  if (bucket !== undefined) for (let k = 0; k < bucket.length; k++) if (bucket[k].name === name) return bucket[k];
  return undefined;
}
