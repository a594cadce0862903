/**
 * What the language server does on each keystroke in the middle of a file: re-parse from the last
 * tree, bind and check, with the document's memo carried (or not), over chained edits alternating
 * two versions. Median CPU ms of the edits after four warm-up edits (`each`: every one, in order). `bench/checker.ts` times it;
 * `profileEdit.ts` runs it under a CPU profiler, and `profileSeedEdit.ts` with the split's seed
 * as the edited line (`editor`).
 */
import { check } from '../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../server/mlpipe/checker/memo.js';
import { reparse } from '../../server/mlpipe/syntax/incremental.js';
import { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { middleEditor, type Edit } from './edits.js';
import { cachedHost } from './host.js';
import { cpuMs, median } from './measure.js';

export function middleEdits(
  text: string,
  edits: number,
  withMemo: boolean,
  editor: (text: string) => (text: string, i: number) => Edit = middleEditor,
): { cpu: number; edits: number; reused: number; each: number[] } {
  const memo = withMemo ? new CheckMemo() : undefined;
  const host = { ...cachedHost(), memo };
  let file = parse(text);
  check(file, host, new LineMap(text));
  const edit = editor(text);
  const cpus: number[] = [];
  for (let i = 0; i < edits; i++) {
    const e = edit(text, i);
    const c = cpuMs();
    file = reparse(file, e.text).file;
    check(file, host, new LineMap(e.text));
    if (i >= 4) cpus.push(cpuMs() - c);
    text = e.text;
  }
  return { cpu: median(cpus), edits: cpus.length, reused: memo?.features.reused ?? 0, each: cpus };
}
