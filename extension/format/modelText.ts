/**
 * How a model version reads in the editor's Models view (its last stage change in the words
 * `mlpipe models NAME` prints it), and a served one the registry moved. Pure (no vscode).
 */
import { auditTime, auditWhy, transitionText } from '../../server/backend/registry/auditText.js';
import type { AuditEntry, ModelVersionRecord } from '../../server/protocol/tracking.js';

/** `m v2 (production) from run r-…`, then `last change 2026-12-05 09:31:02Z: staging → production, promote by mlpipe promote: why`. */
export function versionTooltip(v: Pick<ModelVersionRecord, 'name' | 'version' | 'stage' | 'runId'>, last: AuditEntry | undefined): string {
  const head = `${v.name} v${v.version} (${v.stage}) from run ${v.runId}`;
  return last ? `${head}\nlast change ${auditTime(last.at)}: ${transitionText(last)}, ${auditWhy(last)}` : head;
}

/** What a `servedVersionChanged` event says: the server's model, the version it serves and the registry's change. */
export interface ServedVersionMove {
  url: string;
  model: string;
  version: number;
  change: string;
}

/** What a moved server goes on serving, as the notice and the Endpoints view say it. */
function stillServes(e: ServedVersionMove): string {
  return `serves ${e.model} v${e.version} until it restarts`;
}

/** The notice of a server the editor started whose model reference the registry moved (`servedVersionChanged`). */
export function servedVersionNotice(e: ServedVersionMove & { file: string }, fileName: string): string {
  return `mlpipe: the registry changed: ${e.change}. ${fileName}'s server on ${e.url} ${stillServes(e)}.`;
}

/**
 * The Endpoints item of a server whose reference the registry moved, until it stops or restarts:
 * its description goes on with the change (the label already names the version it serves), its
 * tooltip with a line that says what it serves meanwhile. The notice is dismissed; this stays.
 */
export function servedVersionMark(e: ServedVersionMove): { description: string; tooltip: string } {
  return { description: `registry changed: ${e.change}`, tooltip: `the registry changed: ${e.change}; this server ${stillServes(e)}` };
}
