import { basename } from 'node:path';
import type { BackendEvent } from '../../protocol/backend.js';
import { servedVersionChangeLine } from '../serve/servedVersionChange.js';
import { watchServedVersion } from '../serve/servedVersionWatch.js';
import type { Serving as RunningServer } from '../serve/server.js';

export type ServedVersionChangedEvent = Extract<BackendEvent, { kind: 'servedVersionChanged' }>;

/**
 * The registry moving what a server of the editor serves, as an event: the watch `mlpipe serve`
 * prints from, so a server started from the editor is not left serving an archived version
 * without a word. `say` gets the line `mlpipe serve` prints (the editor's output channel); the
 * event carries the change, for the editor's notice with its restart.
 */
export function followServedVersion(
  server: RunningServer,
  file: string,
  emit: (e: ServedVersionChangedEvent) => void,
  say: (line: string) => void,
  intervalMs?: number,
): { close(): void } {
  const s = server.served;
  const stop = watchServedVersion(
    s,
    (change) => {
      say(`${basename(file)}: ${servedVersionChangeLine(s, change)}`);
      emit({ kind: 'servedVersionChanged', url: server.url, file, model: s.name, version: s.version, change });
    },
    intervalMs,
  );
  return { close: stop };
}
