// Where two versions of a text start and stop differing: what an incremental re-read may keep.

/**
 * The length of the longest common prefix of `a` and `b` (at most `n`): a binary search over
 * equal slices, which the engine compares natively, many times faster than a loop over
 * characters on a file of hundreds of kilobytes.
 */
export function commonPrefix(a: string, b: string, n = Math.min(a.length, b.length)): number {
  let lo = 0; // a[0, lo) equals b[0, lo)
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The length of the longest common suffix of `a` and `b`, at most `n`. */
export function commonSuffix(a: string, b: string, n = Math.min(a.length, b.length)): number {
  let lo = 0; // the last lo characters are equal
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
