/**
 * What to add to "no run 'X'" when the ids of some runs start with X: a shortened id, as git
 * takes one, or a line of `mlpipe runs` cut short by a copy. Which runs, so the whole id is one
 * copy away; taking a prefix as the run would act on a run nobody named in full. Pure: the store
 * gives the ids (newest first, at most `SHOWN + 1`).
 */
export const SHOWN = 5;

export function runIdHint(startingWith: readonly string[]): string {
  if (startingWith.length === 0) return '';
  if (startingWith.length === 1) return `: did you mean ${startingWith[0]}?`;
  const more = startingWith.length > SHOWN ? ', …' : '';
  return `: runs ${startingWith.slice(0, SHOWN).join(', ')}${more} start with it: give the whole id`;
}
