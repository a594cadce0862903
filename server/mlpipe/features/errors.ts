/**
 * Errors of the feature engine. Each names what the user wrote (the feature, the request
 * field, the table and row) so the runner, the server and the CLI can show it as is.
 */

export type PlanErrorCode =
  | 'feature-cycle'
  | 'unknown-transform'
  | 'unknown-reference'
  | 'invalid-value'
  | 'type-mismatch'
  | 'history-outside-window';

/** The pipeline's features cannot be compiled or bound to the data. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly code: PlanErrorCode,
    /** The feature whose expression is at fault, when one is. */
    readonly feature?: string,
  ) {
    super(feature === undefined ? message : `feature ${feature}: ${message}`);
    this.name = 'PlanError';
  }
}

/** A value in a table cannot be used (for example a time that does not parse). */
export class FeatureDataError extends Error {
  constructor(
    message: string,
    readonly table: string,
    /** 1-based data row (the header is not counted). */
    readonly row: number,
    readonly column: string,
  ) {
    super(`${table}, data row ${row}, column ${column}: ${message}`);
    this.name = 'FeatureDataError';
  }
}

export interface RequestIssue {
  /** The request field (a primary-table column) or, for a value computed as missing, the feature. */
  field: string;
  message: string;
}

/** A serving request that the features cannot be computed from; every problem is listed. */
export class RequestError extends Error {
  constructor(readonly issues: RequestIssue[]) {
    super(`request rejected: ${issues.map((i) => i.message).join('; ')}`);
    this.name = 'RequestError';
  }
}

/** A saved fitted state that this engine cannot read. */
export class StateError extends Error {
  constructor(message: string) {
    super(`fitted feature state: ${message}`);
    this.name = 'StateError';
  }
}
