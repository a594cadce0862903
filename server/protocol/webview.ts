/**
 * Messages between the extension and its webview panels, one discriminated union per
 * direction and panel (by `type`), plus the state each panel keeps with getState/setState.
 * Types only; no code. Every panel says `ready` before the host sends any data.
 */
import type { Curve, DriftDetail, RunDetail, RunSummary } from './backend.js';
import type { ReadinessReport } from './webviewReadiness.js';

export type SortDirection = 'asc' | 'desc';

/** A column of the Experiments table: a run field, a metric or a param. */
export interface ColumnId {
  group: 'run' | 'metric' | 'param';
  key: string;
}

export interface ExperimentsState {
  folder: string;
  sort: { column: ColumnId; direction: SortDirection };
  filter: string;
  /** Runs ticked for comparison, in the order they were ticked; no cap. */
  selected: string[];
  /** Columns hidden by the user, as `group:key`. */
  hidden: string[];
  curveKey: string;
}

export type ExperimentsToView =
  | { type: 'runs'; folder: string; runs: RunSummary[]; now: number; select?: string[] }
  | { type: 'curves'; key: string; curves: Curve[] }
  | { type: 'error'; message: string };

export type ExperimentsToHost =
  | { type: 'ready'; state?: ExperimentsState }
  | { type: 'compare'; runIds: string[]; key: string }
  | { type: 'openRun'; runId: string }
  | { type: 'state'; state: ExperimentsState };

export interface RunViewState {
  folder: string;
  runId: string;
}

export type RunToView = { type: 'run'; folder: string; detail: RunDetail; now: number } | { type: 'error'; message: string } | { type: 'busy'; message: string };

export type RunToHost =
  | { type: 'ready'; state?: RunViewState }
  | { type: 'reproduce'; runId: string }
  | { type: 'openArtifacts'; runId: string }
  | { type: 'openRun'; runId: string };

/** The Drift panel shows one served model, by its URL. */
export interface DriftViewState {
  url: string;
}

export type DriftToView = { type: 'drift'; detail: DriftDetail; now: number } | { type: 'error'; message: string };

export type DriftToHost =
  | { type: 'ready'; state?: DriftViewState }
  | { type: 'retrain' }
  | { type: 'refresh' };

/** The Readiness panel scores one pipeline file. */
export interface ReadinessViewState {
  file: string;
}

export type ReadinessToView = { type: 'readiness'; file: string; report: ReadinessReport } | { type: 'error'; message: string };

export type ReadinessToHost =
  | { type: 'ready'; state?: ReadinessViewState }
  /** Applies the fix of an item: its quick fix at the diagnostic's range, or its command. */
  | { type: 'fix'; item: string }
  | { type: 'reveal'; item: string };

/** The panels by view type, with their message and state types. */
export interface PanelKinds {
  'mlpipe.experiments': { toView: ExperimentsToView; toHost: ExperimentsToHost; state: ExperimentsState };
  'mlpipe.run': { toView: RunToView; toHost: RunToHost; state: RunViewState };
  'mlpipe.drift': { toView: DriftToView; toHost: DriftToHost; state: DriftViewState };
  'mlpipe.readiness': { toView: ReadinessToView; toHost: ReadinessToHost; state: ReadinessViewState };
}

export type PanelKind = keyof PanelKinds;
