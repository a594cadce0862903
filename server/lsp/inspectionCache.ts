import type { CachedInspection, InspectionCache } from '../backend/data/inspect.js';

/** What the server keeps of data files it has read, at most, counted as the sizes of the files inspected (an upper bound on the cells a sampled one holds). */
export const DATA_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * The language server's inspections, least recently used first out once the bytes they cover
 * pass the budget. An inspection holds every cell it read, so an editor session that opens
 * pipeline after pipeline would otherwise keep every data file it ever saw. The newest entry is
 * never evicted, so one file larger than the budget still gets its hover and checks.
 */
export class ByteLru implements InspectionCache {
  private readonly entries = new Map<string, { entry: CachedInspection; bytes: number }>();
  private total = 0;

  constructor(readonly budget = DATA_CACHE_BYTES) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(path: string): CachedInspection | undefined {
    const hit = this.entries.get(path);
    if (!hit) return undefined;
    // Re-inserting moves it to the most recent end of the Map's order.
    this.entries.delete(path);
    this.entries.set(path, hit);
    return hit.entry;
  }

  set(path: string, entry: CachedInspection): void {
    this.delete(path);
    const slot = { entry, bytes: 0 };
    this.entries.set(path, slot);
    // The size is known once the inspection finishes; a replaced or evicted entry no longer counts.
    void entry.info.then(
      (info) => {
        if (this.entries.get(path) !== slot) return;
        slot.bytes = info.size ?? 0;
        this.total += slot.bytes;
        this.evict(path);
      },
      () => this.delete(path),
    );
  }

  delete(path: string): void {
    const hit = this.entries.get(path);
    if (!hit) return;
    this.total -= hit.bytes;
    this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private evict(keep: string): void {
    for (const path of this.entries.keys()) {
      if (this.total <= this.budget) return;
      if (path !== keep) this.delete(path);
    }
  }
}
