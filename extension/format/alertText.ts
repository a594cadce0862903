import { basename } from 'node:path';
import type { BackendEvent } from '../../server/protocol/backend.js';
import { formatMetric } from './runText.js';

export type Alert = Extract<BackendEvent, { kind: 'alert' }>;

/**
 * The line an alert notification shows: the model, then each drifted target once, with its
 * statistic, latest value and threshold. A burst can hold several windows' alerts for one target
 * (the monitor records one per target and window): the latest of them is the one shown.
 */
export function alertText(alerts: readonly Alert[]): string {
  const first = alerts[0]!;
  const latest = new Map<string, Alert>();
  for (const a of alerts) latest.set(a.target, a);
  const each = [...latest.values()].map((a) => `'${a.target}' ${a.statistic} ${formatMetric(a.value)} (threshold ${a.threshold})`).join(', ');
  return `mlpipe: drift on ${first.model} (${basename(first.file)}, ${first.url}): ${each}.`;
}
