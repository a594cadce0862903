/**
 * "Did you mean": the candidate closest to a misspelt name by edit distance, first in candidate
 * order among equally close ones, and only when at most a third of the name's characters differ.
 * A file with thousands of names and thousands of misspellings must not compare every pair, so
 * candidates are grouped by length (a distance is at least the length difference), distances
 * stop as soon as they exceed the best so far, and each name is looked up once per check.
 */
export class Suggester {
  private readonly byLength = new Map<number, Array<{ name: string; order: number }>>();
  private readonly memo = new Map<string, string | undefined>();
  private row = new Int32Array(64);

  constructor(candidates: Iterable<string>) {
    let order = 0;
    for (const name of candidates) {
      const list = this.byLength.get(name.length);
      if (list) list.push({ name, order });
      else this.byLength.set(name.length, [{ name, order }]);
      order++;
    }
  }

  closest(name: string): string | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    const maxD = Math.floor(name.length / 3);
    let best: string | undefined;
    let bestD = Infinity;
    let bestOrder = Infinity;
    for (let len = Math.max(0, name.length - maxD); len <= name.length + maxD; len++) {
      for (const c of this.byLength.get(len) ?? []) {
        const limit = Math.min(maxD, bestD);
        const d = this.distance(name, c.name, limit);
        if (d > limit) continue;
        if (d < bestD || (d === bestD && c.order < bestOrder)) {
          best = c.name;
          bestD = d;
          bestOrder = c.order;
        }
      }
    }
    this.memo.set(name, best);
    return best;
  }

  /**
   * Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. Only
   * the cells within `limit` of the diagonal can hold a distance that small (Ukkonen's band).
   */
  private distance(a: string, b: string, limit: number): number {
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > limit) return limit + 1;
    const over = limit + 1;
    if (this.row.length <= m + 1) this.row = new Int32Array(m + 2);
    const prev = this.row;
    for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : over;
    prev[m + 1] = over;
    for (let i = 1; i <= n; i++) {
      const lo = Math.max(1, i - limit);
      const hi = Math.min(m, i + limit);
      // prev[lo - 1] holds row i-1's value left of the band; this row's value there is i or out of band.
      let diag = prev[lo - 1];
      let left = lo === 1 ? (i <= limit ? i : over) : over;
      prev[lo - 1] = left;
      let rowMin = left;
      const ca = a.charCodeAt(i - 1);
      for (let j = lo; j <= hi; j++) {
        const up = prev[j];
        let v = diag + (ca === b.charCodeAt(j - 1) ? 0 : 1);
        if (up + 1 < v) v = up + 1;
        if (left + 1 < v) v = left + 1;
        if (v > over) v = over;
        prev[j] = v;
        if (v < rowMin) rowMin = v;
        diag = up;
        left = v;
      }
      if (hi < m) prev[hi + 1] = over;
      if (rowMin > limit) return over;
    }
    return prev[m] > limit ? over : prev[m];
  }
}
