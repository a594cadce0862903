/**
 * What a promote, rollback or register changed in the version a running server's model
 * reference names. A server loads its version once, at start, and serves it until it restarts
 * (its `/metadata` and `/health` keep naming it): after `mlpipe promote churn_model 3
 * production`, a server of `churn_model@production` went on serving v1, now archived, without a
 * word, while `mlpipe drift` and `parity` moved on to v3. Pure: the serve command reads the
 * registry and prints the words.
 */

/** A version as the registry holds it now: its number and stage. */
export interface VersionNow {
  version: number;
  stage: string;
}

/**
 * The words for `ref` resolving to `now` (a version, or the registry's refusal) while the server
 * serves `serving`; undefined while they agree.
 */
export function servedVersionChange(ref: string, serving: VersionNow, now: VersionNow | { refused: string }): string | undefined {
  if ('refused' in now) return `'${ref}' names no version now (${now.refused})`;
  if (now.version !== serving.version) return `'${ref}' is now v${now.version} (${now.stage})`;
  if (now.stage !== serving.stage) return `v${serving.version} is now ${now.stage}`;
  return undefined;
}

/** The line `mlpipe serve` prints on stderr for a change. */
export function servedVersionChangeLine(serving: VersionNow, change: string): string {
  return `the registry changed: ${change}; this server serves v${serving.version} until it restarts: restart 'mlpipe serve' to serve what the registry names now`;
}
