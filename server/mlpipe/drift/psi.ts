/** Population stability index over matching bins (spec: empty bins floored at 0.0001). */
export const PSI_EMPTY_BIN_SHARE = 0.0001;

export function psi(reference: readonly number[], current: readonly number[]): number {
  const rTotal = total(reference);
  const cTotal = total(current);
  if (!rTotal || !cTotal) return NaN;
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]! / rTotal || PSI_EMPTY_BIN_SHARE;
    const c = current[i]! / cTotal || PSI_EMPTY_BIN_SHARE;
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

export function total(counts: readonly number[]): number {
  let s = 0;
  for (const c of counts) s += c;
  return s;
}
