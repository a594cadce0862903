/**
 * The primary table's column that a window over a history table joins on: the primary table's
 * `key`, or, when it has none, its column named like the history table's `key`. One rule for the
 * feature compiler, the history index, the run's empty-window note, the checker and serving, so
 * none of them can join on another column than training did.
 */
export function windowJoinColumn(primaryKey: string | undefined, historyKey: string): string;
export function windowJoinColumn(primaryKey: string | undefined, historyKey: string | undefined): string | undefined;
export function windowJoinColumn(primaryKey: string | undefined, historyKey: string | undefined): string | undefined {
  return primaryKey ?? historyKey;
}
