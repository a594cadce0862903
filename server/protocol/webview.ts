/**
 * Messages between the extension and its webview panels, one discriminated union per
 * direction and panel (by `type`), plus the state each panel keeps with getState/setState.
 * Types only; no code. Every panel says `ready` before the host sends any data.
 */
import type { Curve, RunDetail, RunSummary } from './backend.js';

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

/** The panels by view type, with their message and state types. */
export interface PanelKinds {
  'mlpipe.experiments': { toView: ExperimentsToView; toHost: ExperimentsToHost; state: ExperimentsState };
  'mlpipe.run': { toView: RunToView; toHost: RunToHost; state: RunViewState };
}

export type PanelKind = keyof PanelKinds;
