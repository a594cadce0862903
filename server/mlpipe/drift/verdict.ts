/**
 * The verdict on one drift target in words, as `mlpipe drift` and the Drift panel both show it.
 * A target without a value in a full window (every logged value missing, or a statistic with no
 * value on it, as SciPy gives none) is "not measured", never "ok": nothing was compared.
 */
export function driftVerdictText(t: { drifted: boolean | null; value: number | null }): 'not measured' | 'held' | 'DRIFTED' | 'ok' {
  if (t.value === null) return 'not measured';
  if (t.drifted === null) return 'held';
  return t.drifted ? 'DRIFTED' : 'ok';
}
