/**
 * "Did you mean": a candidate that differs in letter case only, else the candidate closest to a
 * misspelt name by edit distance, among equally close ones the one sharing the longest start with
 * it, then the first in candidate order, and only when at most a third of the name's characters
 * differ.
 * A file with thousands of names and thousands of misspellings must not compare every pair, so
 * candidates are grouped by length (a distance is at least the length difference), skipped when
 * their characters alone prove them too far, distances stop as soon as they exceed the best so
 * far, and each name is looked up once per check. `suggest` adds renames (`renamed`), which the
 * checker offers; `closest` alone is a typo's, for callers that treat a rename otherwise (score).
 */
import { sameItems } from '../sameItems.js';

export class Suggester {
  private readonly byLength = new Map<number, Array<{ name: string; order: number; chars: number }>>();
  private readonly memo = new Map<string, string | undefined>();
  private readonly renames = new Map<string, string | undefined>();
  /** The candidates by their words, built on the first `renamed` (`RenameIndex`). */
  private index?: RenameIndex;
  private rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  private readonly names: string[] = [];
  /** The first candidate per lower-case spelling, made on the first lookup (most checks have no misspelling). */
  private byLowerCase?: Map<string, string>;

  constructor(candidates: Iterable<string>) {
    let order = 0;
    for (const name of candidates) {
      this.names.push(name);
      const list = this.byLength.get(name.length);
      const c = { name, order, chars: charSet(name) };
      if (list) list.push(c);
      else this.byLength.set(name.length, [c]);
      order++;
    }
  }

  /**
   * The suggester of candidate set `key` (the checker's name for it) over `candidates`: the last
   * one made for that key when its candidates are the same, in the same order, else a new one.
   * A file re-checked on every keystroke builds its sets anew each time, and one with thousands
   * of names and of misspellings indexed the same names and looked the same misspellings up
   * again per check; a suggester's answers depend on its candidates alone.
   */
  static of(key: string, candidates: Iterable<string>): Suggester {
    const names = Array.isArray(candidates) ? (candidates as string[]) : [...candidates];
    const last = kept.get(key);
    if (last && sameItems(last.names, names)) {
      // Most recently used last: the first is the one let go when there are too many.
      kept.delete(key);
      kept.set(key, last);
      return last;
    }
    const made = new Suggester(names);
    kept.delete(key);
    kept.set(key, made);
    if (kept.size > KEPT_SETS) kept.delete(kept.keys().next().value!);
    return made;
  }

  closest(name: string): string | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    // A kept suggester answers check after check: its answers are not kept without end.
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    // Another letter case only is the likeliest slip of all, at any length: 'x' for a header's 'X'
    // (a third of one letter is no edit at all).
    if (!this.byLowerCase) {
      this.byLowerCase = new Map();
      for (const n of this.names) if (!this.byLowerCase.has(n.toLowerCase())) this.byLowerCase.set(n.toLowerCase(), n);
    }
    const cased = this.byLowerCase.get(name.toLowerCase());
    if (cased !== undefined && cased !== name) {
      this.memo.set(name, cased);
      return cased;
    }
    const maxD = Math.floor(name.length / 3);
    let best: string | undefined;
    let bestD = Infinity;
    let bestOrder = Infinity;
    let bestPrefix = -1;
    const chars = charSet(name);
    for (let len = Math.max(0, name.length - maxD); len <= name.length + maxD; len++) {
      for (const c of this.byLength.get(len) ?? []) {
        const limit = Math.min(maxD, bestD);
        // Each character kind on one side only needs its own edit (one edit fixes at most one kind per side).
        if (popcount(chars & ~c.chars) > limit || popcount(c.chars & ~chars) > limit) continue;
        const d = this.distance(name, c.name, limit);
        if (d > limit) continue;
        // Equally close: the one that starts as typed ('tri_model' is 'triage_model', not 'los_model'), then candidate order.
        const prefix = d <= bestD ? commonPrefix(name, c.name) : 0;
        if (d < bestD || (d === bestD && (prefix > bestPrefix || (prefix === bestPrefix && c.order < bestOrder)))) {
          best = c.name;
          bestD = d;
          bestOrder = c.order;
          bestPrefix = prefix;
        }
      }
    }
    this.memo.set(name, best);
    return best;
  }

  /** `closest`, else the one candidate `name` is a rename of (`renamed`): the checker's "did you mean". */
  suggest(name: string): string | undefined {
    return this.closest(name) ?? this.renamed(name);
  }

  /**
   * `suggest` for a word of a small closed set (an attribute's keywords, the stages), else the
   * one word of the set that `name` begins, from two letters on (`prod` for `production`, as Git
   * and npm take a unique abbreviation): a short form of a long word is too far from it for the
   * edit distance, and `@prod` got no suggestion. The checker's and `--model`'s one reading.
   */
  suggestWord(name: string): string | undefined {
    const near = this.suggest(name);
    if (near !== undefined || name.length < 2) return near;
    const start = name.toLowerCase();
    const begun = this.names.filter((w) => w.toLowerCase().startsWith(start));
    return begun.length === 1 ? begun[0] : undefined;
  }

  /**
   * The one candidate that is `name` renamed, too far for `closest` by characters but one word
   * apart (words are split at '_'): one word abbreviated, either way (same first letter, its
   * letters in order, at least half as long: `amt_z` for `amount_z`), or one trailing word added
   * or dropped, no longer than the rest (`amount` for `amount_usd`, a unit or qualifier). Names
   * under three characters have too few letters to tell, and when two candidates fit
   * (`amount_usd`, `amount_eur`) neither is suggested: that would be a guess.
   */
  renamed(name: string): string | undefined {
    if (this.renames.has(name)) return this.renames.get(name);
    if (this.renames.size >= MEMO_LIMIT) this.renames.clear();
    const words = name.split('_');
    const found = name.length >= 3 && words.every((w) => w.length > 0) ? this.onlyRename(name, words) : undefined;
    this.renames.set(name, found);
    return found;
  }

  private onlyRename(name: string, words: string[]): string | undefined {
    const index = (this.index ??= renameIndex(this.names));
    const found = new Set<string>();
    // False once two fit: as good as many, so the search stops there.
    const fits = (c: string) => c === name || found.add(c).size < 2;
    for (let i = 0; i < words.length; i++) {
      const chars = charSet(words[i]!);
      for (const c of index.oneWordOff.get(wordOff(words, i)) ?? []) {
        const [mine, theirs] = [chars, c.chars[i]!];
        // Neither holds all the other's letters (a cheap test first, in a large bucket of one-word names).
        if ((mine & ~theirs) !== 0 && (theirs & ~mine) !== 0) continue;
        const abbreviated = abbreviates(words[i]!, c.words[i]!) || abbreviates(c.words[i]!, words[i]!);
        if (abbreviated && !fits(c.name)) return undefined;
      }
    }
    for (const c of index.byStem.get(name) ?? []) if (c.words[c.words.length - 1]!.length <= name.length && !fits(c.name)) return undefined;
    const stem = words.slice(0, -1).join('_');
    if (words.length > 1 && index.names.has(stem) && words[words.length - 1]!.length <= stem.length && !fits(stem)) return undefined;
    return found.size === 1 ? [...found][0] : undefined;
  }

  /**
   * Edit distance of `a` and `b` with two swapped neighbours as one edit (optimal string
   * alignment: `window_maen` is 1 from `window_mean`, 2 from `window_max`), or `limit + 1` as soon
   * as it must exceed `limit`. Only the cells within `limit` of the diagonal can hold a distance
   * that small (Ukkonen's band).
   */
  private distance(a: string, b: string, limit: number): number {
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > limit) return limit + 1;
    const over = limit + 1;
    if (this.rows[0].length <= m + 1) this.rows = [new Int32Array(m + 2), new Int32Array(m + 2), new Int32Array(m + 2)];
    // Rows i - 2, i - 1 and i: a transposition reads two rows back.
    let [before, prev, cur] = this.rows;
    for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : over;
    for (let i = 1; i <= n; i++) {
      const lo = Math.max(1, i - limit);
      const hi = Math.min(m, i + limit);
      // Outside the band every cell is out of reach.
      cur.fill(over, 0, m + 1);
      if (lo === 1) cur[0] = i <= limit ? i : over;
      let rowMin = cur[lo - 1];
      const ca = a.charCodeAt(i - 1);
      const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
      for (let j = lo; j <= hi; j++) {
        const cb = b.charCodeAt(j - 1);
        let v = prev[j - 1] + (ca === cb ? 0 : 1);
        if (prev[j] + 1 < v) v = prev[j] + 1;
        if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
        // Two neighbours swapped ('maen' for 'mean') are one edit, not two.
        if (j > 1 && ca === b.charCodeAt(j - 2) && caBefore === cb && before[j - 2] + 1 < v) v = before[j - 2] + 1;
        if (v > over) v = over;
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > limit) return over;
      [before, prev, cur] = [prev, cur, before];
    }
    return prev[m] > limit ? over : prev[m];
  }

}

/** The last suggester per candidate set's key (`Suggester.of`), least recently used first. */
const kept = new Map<string, Suggester>();
/** A check uses a handful of sets (features, tables, a table's columns…); a few files' worth are kept. */
const KEPT_SETS = 16;
/** Names answered per suggester before its answers are dropped (a long editing session's misspellings). */
const MEMO_LIMIT = 1 << 14;

interface Worded {
  name: string;
  words: string[];
  /** `charSet` of each word: an abbreviation's letters are all in the word it abbreviates. */
  chars: number[];
}

/** What `renamed` looks a name up in: the candidates with one word wildcarded, and by all words but the last. */
interface RenameIndex {
  names: Set<string>;
  /** By `wordOff`: the other words as written, the one left out by its first letter only. */
  oneWordOff: Map<string, Worded[]>;
  /** By the name less its last word (`amount` for `amount_usd`). */
  byStem: Map<string, Worded[]>;
}

function renameIndex(names: readonly string[]): RenameIndex {
  const index: RenameIndex = { names: new Set(names), oneWordOff: new Map(), byStem: new Map() };
  const add = (map: Map<string, Worded[]>, key: string, c: Worded) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  for (const name of index.names) {
    const words = name.split('_');
    if (words.some((w) => w.length === 0)) continue;
    const c = { name, words, chars: words.map(charSet) };
    for (let i = 0; i < words.length; i++) add(index.oneWordOff, wordOff(words, i), c);
    if (words.length > 1) add(index.byStem, words.slice(0, -1).join('_'), c);
  }
  return index;
}

/** The words with word `i` replaced by its first letter behind a mark no name holds. */
function wordOff(words: readonly string[], i: number): string {
  return words.map((w, k) => (k === i ? `\0${w[0]}` : w)).join('_');
}

/** `short` is `long` abbreviated: the same first letter, its letters in order in `long`, at least half its length. */
function abbreviates(short: string, long: string): boolean {
  if (short[0] !== long[0] || short.length * 2 < long.length || short.length > long.length) return false;
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long[i] === short[j]) j++;
  return j === short.length;
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

/** How many leading characters `a` and `b` share. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
