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
