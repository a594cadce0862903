/**
 * How one entry of the registry's audit trail reads: `mlpipe models NAME` prints one line per
 * entry, and the editor's Models view shows a version's last one in its tooltip, in the same
 * words. Pure.
 */
import type { AuditEntry } from '../../protocol/tracking.js';

/** `staging → production`; a registration has no from-stage: `(new) → staging`. */
export function transitionText(e: Pick<AuditEntry, 'fromStage' | 'toStage'>): string {
  return `${e.fromStage ?? '(new)'} → ${e.toStage}`;
}

/** `2026-12-05 09:31:02Z`: UTC to the second, as the store keeps times (an ISO string in, its UTC text out). */
export function auditTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `promote by mlpipe promote: the canary held a week`, without the parts the entry lacks. */
export function auditWhy(e: Pick<AuditEntry, 'action' | 'actor' | 'reason'>): string {
  return `${e.action}${e.actor ? ` by ${e.actor}` : ''}${e.reason ? `: ${e.reason}` : ''}`;
}

/** One entry on one line: time, version, transition, run, then action, who and why. */
export function auditLine(e: AuditEntry): string {
  return `${auditTime(e.at)}  v${e.version}  ${transitionText(e)}  run ${e.runId}  ${auditWhy(e)}`;
}

/** The newest entry of `version`, from a trail oldest first. */
export function lastTransition(trail: readonly AuditEntry[], version: number): AuditEntry | undefined {
  for (let i = trail.length - 1; i >= 0; i--) if (trail[i].version === version) return trail[i];
  return undefined;
}

/** What `mlpipe register` prints and the editor's Register Run says: `registered m v2 (staging) from run r-…`. */
export function registeredText(v: { name: string; version: number; stage: string; runId: string }): string {
  return `registered ${v.name} v${v.version} (${v.stage}) from run ${v.runId}`;
}
