import type { BackendEvent } from '../../protocol/backend.js';
import { listAlerts } from '../monitor/monitor.js';
import { LogReader } from '../serve/log.js';
import type { Serving as RunningServer } from '../serve/server.js';

export type AlertEvent = Extract<BackendEvent, { kind: 'alert' }>;

/** Alerts a single flush can record at most: one per monitored target. */
const MAX_NEW = 100;

/**
 * Turns the alerts a server's monitor records into events. The monitor evaluates inside the
 * log's flush (`onWritten`), so right after each flush the new rows of the alerts table are
 * exactly the alerts that flush raised: no polling, no change to the serving module.
 */
export function followAlerts(server: RunningServer, file: string, onAlert: (a: AlertEvent) => void): { close(): void } {
  const log = server.log;
  if (!log || !server.monitor) return { close: () => undefined };
  const reader = new LogReader(server.served.root);
  const pipeline = server.served.pipelineName;
  let seen = listAlerts(reader, pipeline, 1).reduce((max, a) => Math.max(max, a.id), 0);
  const previous = log.onWritten;
  let closed = false;
  log.onWritten = (rows) => {
    previous(rows);
    if (closed) return;
    for (const a of listAlerts(reader, pipeline, MAX_NEW)) {
      if (a.id <= seen) continue;
      seen = a.id;
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
    }
  };
  return {
    close() {
      closed = true;
      reader.close();
    },
  };
}
