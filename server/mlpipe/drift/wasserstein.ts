/** The spec's 'wasserstein': the first Wasserstein distance divided by the reference's std, floored at 0.001. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

export function normalisedWasserstein(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR);
}
