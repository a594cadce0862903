/**
 * Messages between the extension and its webview panels, one discriminated union per
 * direction and panel (by `type`), plus the state each panel keeps with getState/setState.
 * Types only; no code: the messages to the host are described once, by the schemas in
 * `webviewToHost.ts` the host validates them with. Every panel says `ready` before the host
 * sends any data.
 */
import type { Curve, DriftDetail, RunDetail, RunSummary } from './backend.js';
import type { ReadinessReport } from './webviewReadiness.js';
import type * as z from 'zod/mini';
import type { DriftToHostSchema, ExperimentsToHostSchema, ReadinessToHostSchema, RunToHostSchema } from './webviewToHost.js';

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

export type ExperimentsToHost = z.infer<typeof ExperimentsToHostSchema>;

export interface RunViewState {
  folder: string;
  runId: string;
}

export type RunToView = { type: 'run'; folder: string; detail: RunDetail; now: number } | { type: 'error'; message: string } | { type: 'busy'; message: string };

export type RunToHost = z.infer<typeof RunToHostSchema>;

/** The Drift panel shows one served model, by its URL. */
export interface DriftViewState {
  url: string;
}

export type DriftToView = { type: 'drift'; detail: DriftDetail; now: number } | { type: 'error'; message: string };

export type DriftToHost = z.infer<typeof DriftToHostSchema>;

/** The Readiness panel scores one pipeline file. */
export interface ReadinessViewState {
  file: string;
}

export type ReadinessToView = { type: 'readiness'; file: string; report: ReadinessReport } | { type: 'error'; message: string };

export type ReadinessToHost = z.infer<typeof ReadinessToHostSchema>;

/**
 * The host's answer to every `ready`, before any data: the state the page keeps (its key: the
 * run, the served model's URL, the file, the store), so a window reload restores the panel
 * through its serializer even when the page never got its first data (the backend was still
 * starting). The page's channel keeps it; the views never see it.
 */
export interface KeepState<S> {
  type: 'keep';
  state: Partial<S>;
}

/** The panels by view type, with their message and state types. */
export interface PanelKinds {
  'mlpipe.experiments': { toView: ExperimentsToView; toHost: ExperimentsToHost; state: ExperimentsState };
  'mlpipe.run': { toView: RunToView; toHost: RunToHost; state: RunViewState };
  'mlpipe.drift': { toView: DriftToView; toHost: DriftToHost; state: DriftViewState };
  'mlpipe.readiness': { toView: ReadinessToView; toHost: ReadinessToHost; state: ReadinessViewState };
}

export type PanelKind = keyof PanelKinds;
