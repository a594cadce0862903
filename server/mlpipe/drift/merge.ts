/**
 * One merge of two sorted samples gives both statistics that compare whole distributions: the KS
 * statistic D = max |F_a - F_b| and the first Wasserstein distance, the integral of |F_a - F_b|
 * (SciPy's ks_2samp statistic and wasserstein_distance). Equal values step together, so ties
 * count as SciPy's searchsorted(side='right') counts them.
 *
 * The merge visits each distinct value once, so one side can be given as its distinct values and
 * running counts (`SortedRuns`): the same values are visited with the same counts, so both
 * statistics are the same numbers bit for bit, and a reference of thousands of values with few
 * distinct ones (a count, a rounded amount) is walked in as many steps as it has distinct values.
 * A reference's runs are made once (`runsOf`), not at every window.
 */
export interface SortedComparison {
  ks: number;
  wasserstein: number;
}

/** A sorted sample as its distinct values, ascending, and for each how many values are <= it. */
export interface SortedRuns {
  values: Float64Array;
  upTo: Float64Array;
  /** Values in the sample (`upTo`'s last, 0 when empty). */
  n: number;
}

/** The runs of sorted values (equal as `===` is: -0 and 0 are one run). */
export function runsOf(sorted: ArrayLike<number>): SortedRuns {
  const n = sorted.length;
  const values = new Float64Array(n);
  const upTo = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    if (k === 0 || values[k - 1] !== x) values[k++] = x;
    upTo[k - 1] = i + 1;
  }
  return { values: values.slice(0, k), upTo: upTo.slice(0, k), n };
}

export function compareSorted(a: ArrayLike<number>, b: ArrayLike<number>): SortedComparison {
  return compareRuns(runsOf(a), b);
}

/** `compareSorted` of the sample `a` stands for and the sorted values `b`. */
export function compareRuns(a: SortedRuns, b: ArrayLike<number>): SortedComparison {
  const n = a.n;
  const m = b.length;
  if (!n || !m) return { ks: NaN, wasserstein: NaN };
  const av = a.values;
  const upTo = a.upTo;
  const runs = av.length;
  let r = 0;
  let i = 0;
  let j = 0;
  let d = 0;
  let area = 0;
  let gap = 0;
  let prev = av[0]! < b[0]! ? av[0]! : b[0]!;
  while (r < runs || j < m) {
    const x = j >= m || (r < runs && av[r]! <= b[j]!) ? av[r]! : b[j]!;
    area += gap * (x - prev);
    prev = x;
    if (r < runs && av[r] === x) i = upTo[r++]!;
    while (j < m && b[j]! === x) j++;
    gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return { ks: d, wasserstein: area };
}
