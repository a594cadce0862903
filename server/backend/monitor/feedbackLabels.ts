import { parseNumber } from '../../mlpipe/data/values.js';
import { beyondFloat32 } from '../../mlpipe/features/usable.js';
import type { TrainTask } from '../../mlpipe/language/keywords.js';

/**
 * Why a feedback label cannot be the truth of a prediction of this model, or undefined when it
 * can: a classifier's label must be one of the classes it learned (compared as the text the
 * training data held, so 1 and "1" are the same class), a regressor's a finite number within
 * float32's range, as a training target must be (1e300 made the window's rmse Infinity and its
 * r2 NaN). A label the quality metrics would skip is refused when it is sent, instead of
 * replacing a good one.
 */
export function feedbackLabelProblem(task: TrainTask, classes: readonly string[] | undefined, label: string | number): string | undefined {
  if (task === 'regression') {
    const n = typeof label === 'number' ? label : parseNumber(label.trim());
    if (n === undefined || !Number.isFinite(n)) return `'${label}' is not a number, and the model predicts values`;
    return beyondFloat32(n) ? `'${label}' is beyond float32's range (about ±3.4e38), as no training target may be: no prediction reaches it, and the quality metrics would be infinite` : undefined;
  }
  if (!classes || classes.includes(String(label))) return undefined;
  // '1.0' for the class '1'; the quality metrics look classes up by the label's text, so it is
  // refused with the class to send.
  const n = typeof label === 'string' ? parseNumber(label.trim()) : undefined;
  if (n !== undefined && classes.includes(String(n))) return `'${label}' is not a class the model learned: send '${String(n)}'`;
  return `'${label}' is not a class the model learned: use ${classes.map((c) => `'${c}'`).join(', ')}`;
}
