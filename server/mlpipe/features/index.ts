/** The one feature engine: compile, fit, and run features the same way for training, batch scoring and serving. */
export { compilePlan, type PlanInput } from './compile.js';
export type { FeaturePlan, PlanNode, FitScope, WindowAgg, PrimaryTable, HistoryTable } from './plan.js';
export { byNode, historyColumns, subPlan, windowTables } from './plan.js';
export { fitPlan } from './fit.js';
export { transformBatch, type BatchResult, type BatchOptions } from './batch.js';
export { completeRows, leftOutMessage, noInputColumnsMessage, type CompleteRows, type SplitSides } from './complete.js';
export { inputsOfEachThatMayBeUnusable, inputsThatMayBeUnusable, type ColumnFacts } from './mayBeUnusable.js';
export { beyondFloat32, beyondFloat32Message, beyondFloat32Reason, FLOAT32_MAX, FLOAT32_SQUARE_LIMIT, hugeInputReason, isUnusableInput, largestInput, outputBeyondFloat32Reason, targetBeyondFloat32Message } from './usable.js';
export { defaultAsRead, learnedFieldCategories, transformRow, transformRowInto, type RowOptions } from './row.js';
export { buildHistoryIndex, type EngineData, type HistoryIndex, type TableIndex } from './history.js';
export { windowReach, type RangeReach } from './windowReach.js';
export { keyOverlap, type KeyOverlap } from './keyOverlap.js';
export { requiredRequestFields, type RequestField, type FeatureRequest, type RequestValue } from './request.js';
export { readState, STATE_VERSION, type FittedState, type NodeState, type ValueType } from './state.js';
export { outputLayout, type OutputLayout } from './layout.js';
export { BatchColumns } from './select.js';
export {
  featureDependencies,
  readsOf,
  coveredByFillMissing,
  type ColumnRead,
  type FeatureRead,
  type Reads,
} from './dependencies.js';
export { fnv1a32, hashBucket } from './hash.js';
export { defaultParseTime, type TimeParser } from './time.js';
export { PlanError, RequestError, FeatureDataError, StateError, type RequestIssue } from './errors.js';
export { planInputOf } from './fromBinding.js';
