/** Drift statistics: pure code, no I/O. See docs/drift.md. */
export { DRIFT_STATISTICS, DRIFT_STATISTIC_INFO, isDriftStatistic, statisticKindProblem } from './catalogue.js';
export type { DriftStatistic, DriftStatisticInfo } from './catalogue.js';
export { buildProfile, MAX_NUMERIC_CATEGORIES, MAX_SORTED_VALUES } from './profile.js';
export type { ReferenceProfile, NumericProfile, CategoricalProfile, ProfileKind } from './profile.js';
export { referenceProfileSchema } from './schema.js';
export { categoryBins, countedSummary, summarize } from './current.js';
export type { CurrentSummary } from './current.js';
export { measure, measureSummary, statisticProblem } from './measure.js';
export type { MeasuredStatistic } from './measure.js';
export { defaultTest, runTest, runTestSummary, crosses, SMALL_REFERENCE_ROWS, FEW_DISTINCT_VALUES } from './test.js';
export type { DriftTest } from './test.js';
export { QUANTILE_BINS } from './bins.js';
export { PSI_EMPTY_BIN_SHARE } from './psi.js';
export { WASSERSTEIN_STD_FLOOR } from './wasserstein.js';
export { ksPValue, KS_EXACT_MAX_N } from './ksPvalue.js';
export { chi2Survival } from './gamma.js';
export { missingShares, trainingMissingShare } from './missing.js';
export type { MissingShares } from './missing.js';
