/**
 * The Readiness report: a pipeline scored against the ML Test Score items mlpipe can verify
 * (Breck et al. 2017, "The ML Test Score: A Rubric for ML Production Readiness"). Types only;
 * the scoring is `server/mlpipe/readiness/`.
 */

/** The paper's four sections. */
export type ReadinessSection = 'data' | 'model' | 'infrastructure' | 'monitoring';

/** automated: mlpipe verifies it for this pipeline; manual: a person must check it; missing: the pipeline lacks it. */
export type ReadinessStatus = 'automated' | 'manual' | 'missing';

export interface ReadinessPosition {
  line: number;
  character: number;
}

/** One click away: a quick fix offered at a diagnostic's range, or a command. */
export type ReadinessFix =
  | { kind: 'quickfix'; code: string; title: string; range: { start: ReadinessPosition; end: ReadinessPosition } }
  | { kind: 'command'; command: string; title: string };

export interface ReadinessItem {
  /** Stable id, `section.name`. */
  id: string;
  section: ReadinessSection;
  /** The paper's test, in its words (shortened). */
  title: string;
  status: ReadinessStatus;
  /** Why it has this status, one plain line. */
  detail: string;
  /** Where in the file the item is decided (a block or a diagnostic), when somewhere. */
  range?: { start: ReadinessPosition; end: ReadinessPosition };
  fix?: ReadinessFix;
}

export interface ReadinessReport {
  items: ReadinessItem[];
  /** Items per status, over all sections. */
  counts: Record<ReadinessStatus, number>;
}
