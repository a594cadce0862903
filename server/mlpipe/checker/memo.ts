import type { FeaturePlan, HistoryIndex } from '../features/index.js';
import type { Verdict } from './verdicts.js';

/**
 * Values carried from one check of a document to the next, each under a key naming everything
 * it was made from, so an equal key means an equal value. What a check did not ask for is
 * dropped when it ends: the cache holds one version's worth, however long the editing session.
 */
export class Carried<V> {
  private last = new Map<string, V>();
  private now = new Map<string, V>();

  get(key: string): V | undefined {
    const hit = this.now.get(key);
    if (hit !== undefined || !this.last.has(key)) return hit;
    const v = this.last.get(key)!;
    this.now.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.now.set(key, value);
  }

  /** Ends a check: what it did not touch is forgotten. */
  sweep(): void {
    this.last = this.now;
    this.now = new Map();
  }

  /** Entries kept from the last check that ended. */
  get kept(): number {
    return this.last.size;
  }
}

/**
 * What the language server keeps between the checks of one open document (the checker itself
 * stays pure: the caller owns this and passes it in through the host). Keyed by text and
 * content hashes, never by offsets or object identity, so a stale entry is never found.
 */
export class CheckMemo {
  /** Each model's compiled plan (null: the compiler refused it), by the texts it was compiled from. */
  readonly plans = new Carried<FeaturePlan | null>();
  /** History indexes, by the history tables' content hashes and what the windows aggregate. */
  readonly histories = new Carried<HistoryIndex>();
  /** Missing-every-row verdicts, by everything they depend on (`verdictKey`). */
  readonly verdicts = new Carried<Verdict | null>();

  /** Called by the checker when a check ends. */
  endCheck(): void {
    this.plans.sweep();
    this.histories.sweep();
    this.verdicts.sweep();
  }
}
