/** The one-line edit the benchmarks make in the middle of a generated file (the language server's and the in-process re-parse's). */

export interface Edit {
  text: string;
  start: number;
  end: number;
  insert: string;
}

/**
 * Edits of one line in the middle of a file, alternating between two versions: ' + 0' appended
 * to a feature line and taken away again (or a seed, or a comment's number, changed).
 */
export function middleEditor(text: string): (text: string, i: number) => Edit {
  const half = text.length >> 1;
  const find = (re: RegExp) => {
    re.lastIndex = half;
    return re.exec(text) ?? undefined;
  };
  const feature = find(/^feature \w+ = [^\n]*[^\s]$/gm);
  if (feature) {
    const at = feature.index + feature[0].length;
    return (t, i) =>
      i % 2 === 0 ? { text: t.slice(0, at) + ' + 0' + t.slice(at), start: at, end: at, insert: ' + 0' } : { text: t.slice(0, at) + t.slice(at + 4), start: at, end: at + 4, insert: '' };
  }
  const num = find(/seed += (\d+)|comment line (\d+)/g);
  if (!num) throw new Error('no line to edit in the middle of the benchmark file');
  return numberEditor(num.index + num[0].length - (num[1] ?? num[2]).length, num.index + num[0].length);
}

/**
 * Edits of the split's seed (the first `seed = N` of the file, near its top): a new seed each
 * time, so no verdict kept for an earlier seed is found again.
 */
export function seedEditor(text: string): (text: string, i: number) => Edit {
  const seed = /seed = (\d+)/.exec(text);
  if (!seed) throw new Error('no seed to edit in the benchmark file');
  return numberEditor(seed.index + seed[0].length - seed[1].length, seed.index + seed[0].length);
}

/** Replaces the number at [start, end) with 1000 + i on the i-th edit, chained. */
function numberEditor(start: number, end: number): (text: string, i: number) => Edit {
  return (t, i) => {
    const insert = String(1000 + i);
    const e = { text: t.slice(0, start) + insert + t.slice(end), start, end, insert };
    end = start + insert.length;
    return e;
  };
}

