import { cellKey } from '../../mlpipe/data/keys.js';
import { parseNumber } from '../../mlpipe/data/values.js';
import { beyondFloat32 } from '../../mlpipe/features/usable.js';
import type { TrainTask } from '../../mlpipe/language/keywords.js';

/** A feedback label as the log records it (the class's text, or the value), or why it is refused. */
export type FeedbackLabel = { label: string; problem?: undefined } | { label?: undefined; problem: string };

/**
 * Reads a feedback label as the truth of a prediction of this model, or says why it cannot be
 * one. A classifier's label must be one of the classes it learned, keyed as training keyed the
 * target's cells: the classes of a numeric target by value (`cellKey`), so `1`, `"1"`, `"1.0"`
 * and `"01"` are all the class `1`, as they were in the training data, while text classes
 * compare as written. Surrounding spaces are kept, as the loader keeps them (`" 1"` in a training
 * column is text, a class of its own), and as `/predict` refuses `" 50 "` for a number. A regressor's label must be a finite number within float32's range, as a
 * training target must be (1e300 made the window's rmse Infinity and its r2 NaN). A label the
 * quality metrics would skip is refused when it is sent, instead of replacing a good one.
 */
export function readFeedbackLabel(task: TrainTask, classes: readonly string[] | undefined, label: string | number | boolean): FeedbackLabel {
  if (typeof label === 'boolean') label = feedbackClassOf(classes, label);
  if (task === 'regression') {
    const n = typeof label === 'number' ? label : parseNumber(label);
    if (n === undefined || !Number.isFinite(n)) return { problem: `'${label}' is not a number, and the model predicts values` };
    if (beyondFloat32(n)) return { problem: `'${label}' is beyond float32's range (about ±3.4e38), as no training target may be: no prediction reaches it, and the quality metrics would be infinite` };
    return { label: String(label) };
  }
  const text = String(label);
  if (!classes) return { label: text };
  const key = numericClasses(classes) ? cellKey(text, 'number') : text;
  if (key !== null && classes.includes(key)) return { label: key };
  return { problem: `'${label}' is not a class the model learned: use ${classes.map((c) => `'${c}'`).join(', ')}` };
}

/**
 * Whether the classes came from a numeric target column: training writes such a class as its
 * number's text (`encodeTarget`), so every one reads back as itself. A text column's classes
 * hold at least one cell that is not a number, or it would have been typed numeric.
 */
function numericClasses(classes: readonly string[]): boolean {
  return classes.every((c) => cellKey(c, 'number') === c && parseNumber(c) !== undefined);
}

/**
 * A JSON boolean label as the class it names: the one class that is its word in any case (`True`
 * and `False`, as pandas writes a boolean target; `true`; `TRUE`). A Python client sends a
 * boolean column's values as `true`/`false`, which were refused outright ("a label must be a
 * class's text or a number") though the model's classes are those booleans. Without such a
 * class (a 0/1 target) it is its word, which `readFeedbackLabel` refuses naming the classes.
 */
export function feedbackClassOf(classes: readonly string[] | undefined, label: boolean): string {
  const word = String(label);
  const named = (classes ?? []).filter((c) => c.toLowerCase() === word);
  return named.length === 1 ? named[0] : word;
}

/**
 * One label per prediction in a request. An id sent twice with the same label is one label (a
 * client retrying part of a batch), counted once in `accepted`; twice with different labels is
 * refused (row and problem per repeat): which one the sender meant cannot be known, and the
 * request records nothing, as for any other label it cannot take.
 */
export function oneLabelPerId(labels: ReadonlyArray<{ id: string; label: string }>): { labels: Array<{ id: string; label: string }>; details: Array<{ row: number; problem: string }> } {
  const first = new Map<string, number>();
  const out: Array<{ id: string; label: string }> = [];
  const details: Array<{ row: number; problem: string }> = [];
  labels.forEach((l, row) => {
    const at = first.get(l.id);
    if (at === undefined) {
      first.set(l.id, row);
      out.push(l);
    } else if (labels[at].label !== l.label) {
      details.push({ row, problem: `the prediction '${l.id}' has the label '${labels[at].label}' in row ${at} and '${l.label}' here: send one label per prediction` });
    }
  });
  return { labels: out, details };
}
