import type { Rule } from '../rule.js';

/**
 * A text target of a classifier whose classes include two spellings of one word (`yes` and `Yes`,
 * `urgent` and `urgent `): the engine takes every distinct text as a class, so one mistyped cell
 * turns a binary model into a 3-class one (another answer shape for every client, under the same
 * registered name) with a class learned from that one row. Spellings are compared without
 * letter case and surrounding spaces. An addition beyond the spec's table (docs/diagnostics.md).
 */
export const labelVariants: Rule = {
  name: 'label-variants',
  phase: 2,
  file(ctx) {
    const p = ctx.binding.primary;
    const targetAttr = p?.attrs.get('target');
    if (!p?.target || !targetAttr) return;
    const col = ctx.column(p, p.target);
    const data = ctx.readData(p);
    if (!col || col.type !== 'string' || !data) return;
    const models = [...ctx.binding.models.values()];
    const classifies = models.length ? models.some((m) => ctx.task(m) === 'classification') : ctx.inferredTask() === 'classification';
    if (!classifies) return;
    const found = variantsOf(data, p.target, () => ctx.cells(p, p.target!) ?? []);
    if (!found) return;
    const [a, b] = found;
    const rows = (v: { text: string; rows: number }) => `${JSON.stringify(v.text)} (${v.rows} row${v.rows === 1 ? '' : 's'})`;
    ctx.report(
      'label-variants',
      targetAttr.value,
      `target '${p.target}' of '${p.source ?? p.name}' holds ${rows(a)} and ${rows(b)}${data.sampled && !col.whole ? ' in the rows read' : ''}: spelled apart they are two classes, so the model learns one more class than there are outcomes; write one spelling in the data`,
    );
  },
};

type Spelling = { text: string; rows: number };

// Counted once per file version and column: the editor checks on every keystroke.
const found = new WeakMap<object, Map<string, [Spelling, Spelling] | null>>();

/** The first two spellings of one class, the more frequent first; null when every class has one spelling. */
function variantsOf(data: object, column: string, cellsOf: () => ReadonlyArray<string | null>): [Spelling, Spelling] | null {
  let byColumn = found.get(data);
  if (!byColumn) found.set(data, (byColumn = new Map()));
  const known = byColumn.get(column);
  if (known !== undefined) return known;
  const counts = new Map<string, number>();
  for (const c of cellsOf()) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  const byWord = new Map<string, Spelling[]>();
  for (const [text, rows] of counts) {
    const word = text.trim().toLowerCase();
    const list = byWord.get(word);
    if (list) list.push({ text, rows });
    else byWord.set(word, [{ text, rows }]);
  }
  let answer: [Spelling, Spelling] | null = null;
  for (const list of byWord.values()) {
    if (list.length < 2) continue;
    list.sort((x, y) => y.rows - x.rows || (x.text < y.text ? -1 : 1));
    answer = [list[0], list[1]];
    break;
  }
  byColumn.set(column, answer);
  return answer;
}
