/**
 * A plan's features and their nodes, filled by feature ordinal into arrays sized once: a large
 * file's plan reaches thousands of features, and growing a `Map` to hold them was most of a
 * compile's garbage (0.46 of 0.77 MB on features-used). Readers see a `ReadonlyMap` in the order
 * the features were compiled, as the map gave.
 */
export class FeatureIds implements ReadonlyMap<string, number> {
  /** By ordinal: the feature's node id + 1, or 0 while the plan has not compiled it. */
  private slots: Int32Array;
  /** Ordinals in the order their features were compiled. */
  private order: Int32Array;
  private count = 0;

  /**
   * `ordinals` gives a feature's ordinal and `names` the feature of each ordinal; both may grow
   * while the plan compiles (a plan numbering its own features as they compile), and `capacity`
   * is the most ordinals expected (more only grow the arrays).
   */
  constructor(
    private readonly ordinals: ReadonlyMap<string, number>,
    private readonly names: readonly string[],
    capacity: number,
  ) {
    this.slots = new Int32Array(Math.max(capacity, 1));
    this.order = new Int32Array(Math.max(capacity, 1));
  }

  /** The node of the feature of `ordinal`, or -1 while the plan lacks it. */
  at(ordinal: number): number {
    return ordinal < this.slots.length ? this.slots[ordinal] - 1 : -1;
  }

  /** Gives the feature of `ordinal` node `id`; each ordinal once. */
  set(ordinal: number, id: number): void {
    if (ordinal >= this.slots.length) this.slots = grown(this.slots, ordinal + 1);
    if (this.count >= this.order.length) this.order = grown(this.order, this.count + 1);
    this.slots[ordinal] = id + 1;
    this.order[this.count++] = ordinal;
  }

  get size(): number {
    return this.count;
  }

  get(name: string): number | undefined {
    const ordinal = this.ordinals.get(name);
    if (ordinal === undefined) return undefined;
    const id = this.at(ordinal);
    return id < 0 ? undefined : id;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (let k = 0; k < this.count; k++) {
      const o = this.order[k];
      fn.call(thisArg, this.slots[o] - 1, this.names[o], this);
    }
  }

  *entries(): MapIterator<[string, number]> {
    for (let k = 0; k < this.count; k++) {
      const o = this.order[k];
      yield [this.names[o], this.slots[o] - 1];
    }
  }

  *keys(): MapIterator<string> {
    for (let k = 0; k < this.count; k++) yield this.names[this.order[k]];
  }

  *values(): MapIterator<number> {
    for (let k = 0; k < this.count; k++) yield this.slots[this.order[k]] - 1;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

function grown(a: Int32Array, least: number): Int32Array {
  const b = new Int32Array(Math.max(least, a.length * 2));
  b.set(a);
  return b;
}
