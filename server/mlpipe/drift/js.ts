/** Jensen-Shannon distance with the natural log, as SciPy's spatial.distance.jensenshannon. */
import { total } from './psi.js';

/** SciPy's rel_entr(x, y) = x ln(x / y), 0 when x is 0. */
function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  return x === 0 && y >= 0 ? 0 : Infinity;
}

export function jensenShannon(reference: readonly number[], current: readonly number[]): number {
  const rTotal = total(reference);
  const cTotal = total(current);
  if (!rTotal || !cTotal) return NaN;
  let left = 0;
  let right = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i]! / rTotal;
    const q = current[i]! / cTotal;
    const m = (p + q) / 2;
    left += relEntr(p, m);
    right += relEntr(q, m);
  }
  return Math.sqrt((left + right) / 2);
}
