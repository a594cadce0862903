import { parseNumber } from '../../mlpipe/data/values.js';
import type { TrainTask } from '../../mlpipe/language/keywords.js';

/**
 * Why a feedback label cannot be the truth of a prediction of this model, or undefined when it
 * can: a classifier's label must be one of the classes it learned (compared as the text the
 * training data held, so 1 and "1" are the same class), a regressor's a finite number. A label
 * the quality metrics would skip is refused when it is sent, instead of replacing a good one.
 */
export function feedbackLabelProblem(task: TrainTask, classes: readonly string[] | undefined, label: string | number): string | undefined {
  if (task === 'regression') {
    const n = typeof label === 'number' ? label : parseNumber(label.trim());
    return n !== undefined && Number.isFinite(n) ? undefined : `'${label}' is not a number, and the model predicts values`;
  }
  if (!classes || classes.includes(String(label))) return undefined;
  // '1.0' for the class '1'; the quality metrics look classes up by the label's text, so it is
  // refused with the class to send.
  const n = typeof label === 'string' ? parseNumber(label.trim()) : undefined;
  if (n !== undefined && classes.includes(String(n))) return `'${label}' is not a class the model learned: send '${String(n)}'`;
  return `'${label}' is not a class the model learned: use ${classes.map((c) => `'${c}'`).join(', ')}`;
}
