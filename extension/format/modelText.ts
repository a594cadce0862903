/**
 * How a model version reads in the editor's Models view. Pure (no vscode): its last stage
 * change in the words `mlpipe models NAME` prints it.
 */
import { auditTime, auditWhy, transitionText } from '../../server/backend/registry/auditText.js';
import type { AuditEntry, ModelVersionRecord } from '../../server/protocol/tracking.js';

/** `m v2 (production) from run r-…`, then `last change 2026-12-05 09:31:02Z: staging → production, promote by mlpipe promote: why`. */
export function versionTooltip(v: Pick<ModelVersionRecord, 'name' | 'version' | 'stage' | 'runId'>, last: AuditEntry | undefined): string {
  const head = `${v.name} v${v.version} (${v.stage}) from run ${v.runId}`;
  return last ? `${head}\nlast change ${auditTime(last.at)}: ${transitionText(last)}, ${auditWhy(last)}` : head;
}

/** The notice of a server the editor started whose model reference the registry moved (`servedVersionChanged`). */
export function servedVersionNotice(e: { file: string; url: string; model: string; version: number; change: string }, fileName: string): string {
  return `mlpipe: the registry changed: ${e.change}. ${fileName}'s server on ${e.url} serves ${e.model} v${e.version} until it restarts.`;
}
