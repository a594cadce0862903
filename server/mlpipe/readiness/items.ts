/**
 * The ML Test Score items mlpipe can speak to (Breck et al. 2017, "The ML Test Score: A Rubric
 * for ML Production Readiness and Technical Debt Reduction"), each tied to what decides it:
 * the blocks it needs and the checker's diagnostic codes that say it is not met. Items mlpipe
 * cannot verify are listed as manual, so the score never claims more than it checks.
 *
 * Codes no item lists are left out on purpose: errors that stop the run before any item matters
 * (syntax, unknown names, …) and notes that no rubric item speaks to, such as
 * `lifecycle/unused-default` (a serve default the served model never reads changes no answer:
 * dead configuration, not a readiness gap; `lifecycle/unused-feature` is listed because an unused
 * feature is the rubric's "no unused features" item itself).
 */
import type { Code } from '../diagnostics.js';
import type { ReadinessSection } from '../../protocol/webviewReadiness.js';

export interface AutomatedItem {
  id: string;
  section: ReadinessSection;
  title: string;
  /** Blocks (by type) the item needs in the file; a missing one makes the item missing. */
  needs: readonly string[];
  /** Diagnostics that mean the item is not met (read from the checker's catalogue). */
  codes: readonly Code[];
  /** What mlpipe verifies when the item is met. */
  verified: string;
}

export interface ManualItem {
  id: string;
  section: ReadinessSection;
  title: string;
  manual: string;
}

export const AUTOMATED_ITEMS: readonly AutomatedItem[] = [
  {
    id: 'data.pinned',
    section: 'data',
    title: 'Input data is versioned',
    needs: ['data'],
    codes: ['repro/unpinned-data', 'repro/data-changed', 'repro/mutable-source', 'repro/missing-source', 'repro/unreadable-source'],
    verified: 'every source is pinned by content hash and matches it',
  },
  {
    id: 'data.expectations',
    section: 'data',
    title: 'Feature expectations are explicit (missing values handled)',
    needs: ['data'],
    codes: ['skew/implicit-missing', 'skew/missing-default-mismatch', 'type-mismatch'],
    verified: 'column types are inferred and every missing value is filled explicitly, the same way for training and serving',
  },
  {
    id: 'data.leakage',
    section: 'data',
    title: 'No feature leaks the label or the future',
    needs: ['data'],
    codes: ['skew/target-leakage', 'skew/not-point-in-time', 'skew/group-leakage'],
    verified: 'no feature reads the target, joins are point-in-time, and grouped rows stay on one side of the split',
  },
  {
    id: 'data.beneficial',
    section: 'data',
    title: 'No feature is unused',
    needs: [],
    codes: ['lifecycle/unused-feature'],
    verified: 'every feature is a model input',
  },
  {
    id: 'model.split',
    section: 'model',
    title: 'The held-out split is seeded and holds the share asked',
    needs: ['split'],
    codes: ['repro/unseeded-split', 'skew/fit-on-all-data', 'lopsided-split'],
    verified: "the split has a seed, its test share is near 'test', and fitted statistics come from the training side only",
  },
  {
    id: 'model.seeded',
    section: 'model',
    title: 'Model training is seeded',
    needs: ['model'],
    codes: ['repro/unseeded-model'],
    verified: 'every model has a seed',
  },
  {
    id: 'model.gates',
    section: 'model',
    title: 'Model quality is checked before it is registered',
    needs: ['evaluate'],
    codes: ['lifecycle/no-gates'],
    verified: "'require' gates must pass before a version is registered",
  },
  {
    id: 'infra.deterministic',
    section: 'infrastructure',
    title: 'Training is reproducible',
    needs: ['environment'],
    codes: ['repro/nondeterministic'],
    verified: 'the environment is deterministic: a rerun gives bitwise identical weights',
  },
  {
    id: 'infra.lockfile',
    section: 'infrastructure',
    title: 'Dependencies are pinned',
    needs: ['environment'],
    codes: ['repro/unpinned-environment'],
    verified: "the lockfile's hash is recorded with each run",
  },
  {
    id: 'infra.parity',
    section: 'infrastructure',
    title: 'Training and serving compute features the same way',
    needs: [],
    codes: ['skew/serving-redefines-feature', 'skew/hard-coded-baseline'],
    verified: 'one feature engine serves both sides, with the statistics fitted at training',
  },
  {
    id: 'infra.registry',
    section: 'infrastructure',
    title: 'Models are versioned and can be rolled back',
    needs: ['register'],
    codes: [],
    verified: 'versions are registered in stages; promote and roll back are one command',
  },
  {
    id: 'monitor.serving',
    section: 'monitoring',
    title: 'The served model is monitored',
    needs: ['serve', 'monitor'],
    codes: ['lifecycle/unmonitored-serving'],
    verified: 'a monitor watches the served model over fixed windows of predictions',
  },
  {
    id: 'monitor.drift',
    section: 'monitoring',
    title: 'Every model input and the prediction are watched for drift',
    needs: ['monitor'],
    codes: ['lifecycle/unknown-drift-target', 'lifecycle/small-window'],
    verified: 'every input and the prediction are tested each window',
  },
  {
    id: 'monitor.retrain',
    section: 'monitoring',
    title: 'A stale model is retrained',
    needs: ['monitor'],
    codes: ['lifecycle/no-retrain'],
    verified: "drift starts a retrain through the gates into staging ('on_drift = retrain')",
  },
  {
    id: 'monitor.performance',
    section: 'monitoring',
    title: 'Serving latency and throughput are monitored',
    needs: ['serve'],
    codes: [],
    verified: 'the server exports latency and request counts on /metrics',
  },
];

export const MANUAL_ITEMS: readonly ManualItem[] = [
  { id: 'data.privacy', section: 'data', title: 'The data pipeline has privacy controls', manual: 'who may read the sources and the prediction log is outside the pipeline' },
  { id: 'data.cost', section: 'data', title: 'Each feature is worth its cost', manual: 'compare runs without a feature in the Experiments view' },
  { id: 'model.hyperparameters', section: 'model', title: 'Hyperparameters are tuned', manual: 'compare runs with other settings in the Experiments view' },
  { id: 'model.slices', section: 'model', title: 'Quality is good enough on important data slices', manual: 'mlpipe gates the whole test split, not slices' },
  { id: 'infra.integration', section: 'infrastructure', title: 'The whole pipeline is tested end to end', manual: "run 'mlpipe run' and 'mlpipe serve' in CI" },
  { id: 'monitor.dependencies', section: 'monitoring', title: 'Upstream changes raise a notification', manual: 'a changed source shows as an error at the next check; nothing notifies on its own' },
];
