/**
 * Values carried from one check of a document to the next, each under a key naming everything
 * it was made from, so an equal key means an equal value. What a check did not ask for is
 * dropped when it ends: the cache holds one version's worth, however long the editing session.
 * One map with the check each entry was last touched in, so a hit costs one lookup (not a move
 * into a second map, which re-inserts every entry on every check).
 */
export class Carried<V> {
  private readonly entries = new Map<string, { value: V; check: number }>();
  private check = 0;

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    e.check = this.check;
    return e.value;
  }

  set(key: string, value: V): void {
    const e = this.entries.get(key);
    if (e === undefined) this.entries.set(key, { value, check: this.check });
    else {
      e.value = value;
      e.check = this.check;
    }
  }

  /** Ends a check: what it did not touch is forgotten. */
  sweep(): void {
    for (const [key, e] of this.entries) if (e.check !== this.check) this.entries.delete(key);
    this.check++;
  }

  /** Entries kept from the last check that ended. */
  get kept(): number {
    return this.entries.size;
  }
}
