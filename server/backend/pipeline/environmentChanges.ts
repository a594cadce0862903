import type { Environment } from '../../protocol/tracking.js';

/**
 * What two runs' recorded environments say differently among what decides a training's
 * arithmetic: the compute engine's version (an upgraded mlpipe may bring another, as
 * mlpipe-dense-wasm/1 became /2 with fused multiply-add), Node's and tfjs's. A reproduction whose
 * weights differ names these, so a user who upgraded reads why, not a bare 'weights differ'.
 * Empty when they record the same (or one records nothing to compare).
 */
export function environmentChanges(original: Environment | undefined, rerun: Environment | undefined): string[] {
  const changes: string[] = [];
  const compare = (what: string, then: string | undefined, now: string | undefined) => {
    if (then !== undefined && now !== undefined && then !== now) changes.push(`${what}: ${then} then, ${now} now`);
  };
  compare('engine', original?.backend?.version, rerun?.backend?.version);
  compare('Node', original?.node, rerun?.node);
  compare('tfjs', original?.tfjsVersion, rerun?.tfjsVersion);
  return changes;
}
