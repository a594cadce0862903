import type { TableSymbol } from '../../mlpipe/binder.js';
import { classesOfRows, leftOutOneClassMessage } from '../../mlpipe/data/trainingClasses.js';
import { beyondFloat32Message, noInputColumnsMessage, type BatchResult, type CompleteRows, type FeaturePlan } from '../../mlpipe/features/index.js';
import { PipelineError } from './errors.js';
import type { EncodedTarget } from './target.js';

/**
 * The runner's refusals of the rows it keeps (`completeRows`): no input column, a side left with
 * no complete row, a kept input beyond float32's range, or a classifier's kept training rows of
 * one class. One function for the runner and the agreement tests' engine, so the checker is held
 * to the runner's own words.
 */
export function refuseKeptRows(kept: CompleteRows, plan: FeaturePlan, missing: BatchResult['missing'], target: EncodedTarget, primary: TableSymbol): void {
  const source = primary.source!;
  if (kept.noColumns) throw new PipelineError(noInputColumnsMessage(plan.outputs.map((o) => o.feature)));
  if (kept.empty) {
    const problems = missing.map((m) => `${m.feature} (${m.count} rows)`).join(', ');
    throw new PipelineError(
      `features are missing after every transform in every ${kept.empty} row: ${problems}; wrap them in fill_missing(…) so training and serving fill them the same way`,
    );
  }
  // An input beyond float32's range would reach the trainer as an infinity, which it refuses by
  // its index in the training matrix; refused here by the data row (the checker reports it too).
  if (kept.beyond) throw new PipelineError(beyondFloat32Message(kept.beyond, source));
  // The split's training side holds two classes (`partitionRows`); the rows kept of it may not.
  const labels = target.labels;
  if (labels && kept.dropped > 0) {
    const train = classesOfRows(kept.sides.train, (r) => labels[target.y[r]]!);
    if (train.classes.length === 1)
      throw new PipelineError(leftOutOneClassMessage({ target: primary.target!, source, cls: train.classes[0]!, rows: train.rows, inputs: kept.leftOut.map((l) => l.feature) }));
  }
}
