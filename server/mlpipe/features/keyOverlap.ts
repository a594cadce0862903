import { joinKey } from '../data/keys.js';
import type { Column } from '../data/table.js';

/** How the primary table's rows meet a history table's keys, keyed as the window join keys them (`joinKey`). */
export interface KeyOverlap {
  /** Primary rows with a key. */
  rows: number;
  /** Of those, rows whose key some history row has. */
  matched: number;
  /** A key of each side (the first), to show what they look like. */
  primaryExample?: string;
  historyExample?: string;
}

export function keyOverlap(primary: Column, history: Column): KeyOverlap {
  const keys = new Set<string>();
  let historyExample: string | undefined;
  for (let r = 0; r < history.values.length; r++) {
    const k = joinKey(history.values[r]!);
    if (k === null) continue;
    historyExample ??= k;
    keys.add(k);
  }
  let rows = 0;
  let matched = 0;
  let primaryExample: string | undefined;
  for (let r = 0; r < primary.values.length; r++) {
    const k = joinKey(primary.values[r]!);
    if (k === null) continue;
    primaryExample ??= k;
    rows++;
    if (keys.has(k)) matched++;
  }
  return { rows, matched, primaryExample, historyExample };
}

/**
 * What a run says when no primary row shares a key with a history table: every window over it is
 * empty (a count or sum of 0, a mean missing), silently, which is nearly always keys written two
 * ways ('C001' against '1'), or a history of no rows (an export that wrote only its header).
 * Undefined when some row matches, or the primary table has no key at all.
 */
export function noSharedKeyNote(
  primary: { source: string; key: string },
  history: { name: string; source: string; key: string },
  o: KeyOverlap,
): string | undefined {
  if (o.matched > 0 || o.rows === 0) return undefined;
  if (o.historyExample === undefined) return `${history.source} has no row with a '${history.key}' (no rows, or that key missing in every one): every window over '${history.name}' is empty`;
  return (
    `no row of ${primary.source} shares a key with ${history.source}: every window over '${history.name}' is empty ` +
    `(${primary.source}'s '${primary.key}' holds keys like '${o.primaryExample}', ${history.source}'s '${history.key}' like '${o.historyExample}')`
  );
}

/**
 * What a run says when a history table's time column is missing in every row (an export that
 * lost its timestamps): no row falls in any window, so every window over it is empty, as
 * `skew/empty-window` warns in the check (which `mlpipe run` does not print). Undefined when the
 * table has no rows (the no-key note says that) or some row has a time.
 */
export function noTimesNote(history: { name: string; source: string; time: string }, column: Column, rows: number): string | undefined {
  if (rows === 0 || column.missing < rows) return undefined;
  return `${history.source}'s '${history.time}' has no time in any row: every window over '${history.name}' is empty`;
}
