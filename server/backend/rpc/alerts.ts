import type { BackendEvent } from '../../protocol/backend.js';
import type { Serving as RunningServer } from '../serve/server.js';

export type AlertEvent = Extract<BackendEvent, { kind: 'alert' }>;

/**
 * Turns the alerts a server's monitor records into events. The log's thread reports each alert
 * it records with its row (`followAlerts`), so the serving thread reads nothing back: a drifted
 * stream records an alert per target and window, and reading each back from the store cost the
 * requests of that moment a few milliseconds each.
 */
export function followAlerts(server: RunningServer, file: string, onAlert: (a: AlertEvent) => void): { close(): void } {
  const log = server.log;
  if (!log || !server.monitor) return { close: () => undefined };
  let closed = false;
  const unfollow = log.followAlerts((a) => {
    if (closed) return;
    onAlert({
      kind: 'alert',
      url: server.url,
      file,
      model: `${a.model.name} v${a.model.version}`,
      alertId: a.id,
      target: a.target,
      statistic: a.statistic,
      value: a.value,
      threshold: a.threshold,
      at: a.at,
      action: a.action,
    });
  });
  return {
    close() {
      closed = true;
      unfollow();
    },
  };
}
