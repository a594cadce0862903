import type { BackendEvent, EndpointInfo } from '../../protocol/backend.js';
import type { Serving as RunningServer } from '../serve/server.js';

export type DriftChangedEvent = Extract<BackendEvent, { kind: 'driftChanged' }>;

/** At most one event a second per endpoint: a stream of predictions flushes every 50 ms. */
export const DRIFT_EVENT_MS = 1000;

/**
 * Pushes what an endpoint shows of drift (values, verdicts, window fill) as the log writes
 * predictions: after a write, once per `DRIFT_EVENT_MS` at most and always for the last write of
 * a burst (trailing), read by `measure` (the same reading `serve/list` gives) and sent only when
 * it changed. No polling: a server that logs nothing sends nothing.
 */
export function followDrift(
  server: RunningServer,
  measure: () => Promise<Pick<EndpointInfo, 'drift' | 'window'>>,
  emit: (e: DriftChangedEvent) => void,
  ms = DRIFT_EVENT_MS,
): { close(): void } {
  const log = server.log;
  if (!log) return { close: () => undefined };
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  let sent = '';
  let measuring = false;
  let again = false;

  const push = async (): Promise<void> => {
    timer = null;
    if (closed) return;
    // One reading at a time; a write meanwhile asks for one more after it.
    if (measuring) {
      again = true;
      return;
    }
    measuring = true;
    last = Date.now();
    try {
      const { drift, window } = await measure();
      const text = JSON.stringify({ drift, window });
      if (!closed && text !== sent) {
        sent = text;
        emit({ kind: 'driftChanged', url: server.url, drift, window });
      }
    } finally {
      measuring = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => void push(), Math.max(0, last + ms - Date.now()));
  };
  const unfollow = log.followWritten(schedule);
  return {
    close() {
      closed = true;
      unfollow();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
