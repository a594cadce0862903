import type { BackendEvent } from '../../protocol/backend.js';
import { listAlerts } from '../monitor/monitor.js';
import { LogReader } from '../serve/log.js';
import type { Serving as RunningServer } from '../serve/server.js';

export type AlertEvent = Extract<BackendEvent, { kind: 'alert' }>;

/** Alerts one evaluation can record at most: one per monitored target. */
const MAX_NEW = 100;

/**
 * Turns the alerts a server's monitor records into events. The log's thread reports each alert
 * it records (`followAlerts`); the full row (value, threshold, model) is read back from the
 * alerts table, which the thread committed before reporting it: no polling.
 */
export function followAlerts(server: RunningServer, file: string, onAlert: (a: AlertEvent) => void): { close(): void } {
  const log = server.log;
  if (!log || !server.monitor) return { close: () => undefined };
  const reader = new LogReader(server.served.root);
  const pipeline = server.served.pipelineName;
  let closed = false;
  const unfollow = log.followAlerts(({ id }, action) => {
    if (closed) return;
    const a = listAlerts(reader, pipeline, MAX_NEW).find((row) => row.id === id);
    if (!a) return;
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
      action: action ?? a.action,
    });
  });
  return {
    close() {
      closed = true;
      unfollow();
      reader.close();
    },
  };
}
