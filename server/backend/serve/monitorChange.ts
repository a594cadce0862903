/**
 * What an edit of the pipeline file changed in the `monitor` block a running server read when it
 * started. The server keeps measuring with that block until it restarts, while `mlpipe drift`
 * reads the file as it is: without a word, the two answered with other windows and statistics
 * over the same log. Pure: the serve command reads the file and prints the words.
 */
import type { DriftLine, ServingConfig } from './config.js';

const lineText = (d: DriftLine): string => `drift ${d.target} ${d.statistic} ${d.op} ${d.threshold}`;

/** The changes in words (`window 200, now 300; 'drift x psi > 0.2' removed`), or undefined when none. */
export function monitorChange(running: ServingConfig['monitor'], edited: ServingConfig['monitor']): string | undefined {
  const parts: string[] = [];
  if (running.present !== edited.present) parts.push(edited.present ? 'a monitor block was added' : 'the monitor block was removed');
  if (running.window !== edited.window) parts.push(`window ${running.window}, now ${edited.window}`);
  const before = running.drift.map(lineText);
  const after = edited.drift.map(lineText);
  for (const l of before) if (!after.includes(l)) parts.push(`'${l}' removed`);
  for (const l of after) if (!before.includes(l)) parts.push(`'${l}' added`);
  if (running.onDrift !== edited.onDrift) parts.push(`on_drift ${running.onDrift ?? 'unset'}, now ${edited.onDrift ?? 'unset'}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** The line `mlpipe serve` prints on stderr for a change. */
export function monitorChangeLine(file: string, change: string): string {
  return `${file}: the monitor block changed (${change}): this server measures drift with the block it started with until it restarts; 'mlpipe drift' reads the file as it is now`;
}
