/**
 * "Did you mean": the candidate closest to a misspelt name by edit distance, first in candidate
 * order among equally close ones, and only when at most a third of the name's characters differ.
 * A file with thousands of names and thousands of misspellings must not compare every pair, so
 * candidates are grouped by length (a distance is at least the length difference), skipped when
 * their characters alone prove them too far, distances stop as soon as they exceed the best so
 * far, and each name is looked up once per check.
 */
export class Suggester {
  private readonly byLength = new Map<number, Array<{ name: string; order: number; chars: number }>>();
  private readonly memo = new Map<string, string | undefined>();
  private row = new Int32Array(64);

  constructor(candidates: Iterable<string>) {
    let order = 0;
    for (const name of candidates) {
      const list = this.byLength.get(name.length);
      const c = { name, order, chars: charSet(name) };
      if (list) list.push(c);
      else this.byLength.set(name.length, [c]);
      order++;
    }
  }

  closest(name: string): string | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    const maxD = Math.floor(name.length / 3);
    let best: string | undefined;
    let bestD = Infinity;
    let bestOrder = Infinity;
    const chars = charSet(name);
    for (let len = Math.max(0, name.length - maxD); len <= name.length + maxD; len++) {
      for (const c of this.byLength.get(len) ?? []) {
        const limit = Math.min(maxD, bestD);
        // Each character kind on one side only needs its own edit (one edit fixes at most one kind per side).
        if (popcount(chars & ~c.chars) > limit || popcount(c.chars & ~chars) > limit) continue;
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

/**
 * The kinds of characters a name holds, as 32 bits: letters by letter (either case), digits and
 * the rest folded together. Folding only makes the bound weaker, never wrong.
 */
function charSet(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) bits |= 1 << (c - 97);
    else if (c >= 65 && c <= 90) bits |= 1 << (c - 65);
    else if (c >= 48 && c <= 57) bits |= 1 << (26 + ((c - 48) % 5));
    else bits |= 1 << 31;
  }
  return bits;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
