import { basename } from 'node:path';
import type { BackendEvent, EndpointInfo } from '../../protocol/backend.js';
import type { DriftReport } from '../../protocol/serving.js';
import { startServing, type Serving as RunningServer } from '../serve/server.js';
import { foreignVersionLine } from '../foreignVersionLine.js';
import { followAlerts, type AlertEvent } from './alerts.js';
import { followDrift, type DriftChangedEvent } from './driftEvents.js';
import type { Serving } from './serving.js';
import { followServedVersion, type ServedVersionChangedEvent } from './servedVersionEvents.js';

/** Drift per target from the server's own `GET /drift`; none when it measures nothing (logging off, no reference). */
async function driftOf(url: string): Promise<Pick<EndpointInfo, 'drift' | 'window'>> {
  try {
    const res = await fetch(`${url}/drift`);
    if (!res.ok) return { drift: [], window: null };
    const report = (await res.json()) as DriftReport;
    return {
      drift: report.targets.map(({ defaultTest: _default, ...status }) => status),
      window: { size: report.window, filled: report.filled },
    };
  } catch {
    return { drift: [], window: null };
  }
}

export type RetrainDoneEvent = Extract<BackendEvent, { kind: 'retrainDone' }>;

/**
 * Serving through `server/backend/serve`: model servers started by the editor live in the
 * backend process, one per pipeline file, on 127.0.0.1.
 */
export function liveServing(
  emit: (e: AlertEvent | DriftChangedEvent | ServedVersionChangedEvent | RetrainDoneEvent) => void = () => undefined,
  // The backend's stderr is the editor's mlpipe output channel: a history table reloaded, or a
  // change of it that could not be read, is one line there, as `mlpipe serve` prints it.
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Serving {
  const running = new Map<string, { file: string; server: RunningServer; alerts: { close(): void }; drift: { close(): void }; version: { close(): void }; retrains?: () => void; note?: string }>();
  /** Files whose server is being started: the start awaits the model and data before it is running. */
  const starting = new Set<string>();
  const info = async (file: string, server: RunningServer, note?: string): Promise<EndpointInfo> => {
    const foreign = foreignVersionLine(server.served);
    return {
      file,
      model: server.served.name,
      version: server.served.version,
      url: server.url,
      port: Number(new URL(server.url).port),
      ...(await driftOf(server.url)),
      ...(note ? { note } : {}),
      ...(foreign ? { foreign } : {}),
    };
  };
  return {
    available: true,
    find: (url) => running.get(url),
    list: () => Promise.all([...running.values()].map((r) => info(r.file, r.server, r.note))),
    async start(file, port) {
      for (const r of running.values()) if (r.file === file) throw new Error(`'${file}' is already served on ${r.server.url}`);
      // Checked before the start's awaits, so a second click on '▶ Serve' while the first loads
      // the model is refused: it started a second server for the file, on another port.
      if (starting.has(file)) throw new Error(`'${file}' is already starting to serve; it appears under Endpoints once it listens`);
      starting.add(file);
      let server: RunningServer;
      let taken: number | undefined;
      const onHistory = (line: string) => say(`${basename(file)}: ${line}`);
      try {
        server = await startServing(file, port === undefined ? { onHistory } : { port, onHistory });
      } catch (e) {
        // The serve block's port is taken (another server, another window): any free port will do here.
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        taken = (e as { port?: number }).port;
        server = await startServing(file, { port: 0, onHistory });
      } finally {
        starting.delete(file);
      }
      const url = server.url;
      // Said where 'mlpipe serve' says it, after the start; the serve command's notification shows it too.
      const foreign = foreignVersionLine(server.served);
      if (foreign) say(`${basename(file)}: ${foreign}`);
      // Clients configured for the serve block's port would not find it: the user is told where it went.
      const note = taken === undefined ? undefined : `port ${taken} is taken by another program or window, so it listens on ${new URL(url).port}`;
      running.set(url, {
        file,
        server,
        alerts: followAlerts(server, file, emit),
        drift: followDrift(server, () => driftOf(url), emit),
        // A promote, rollback or register that moves what it serves applies at its next start: said as 'mlpipe serve' says it.
        version: followServedVersion(server, file, emit, say),
        // How a drift retrain ended, once the store records it as its alerts' action: the Drift
        // panel refreshes on it (it showed 'retrain started' until the next event), and the
        // output says it, as 'mlpipe serve' prints it.
        retrains: server.retrainer?.followDone((action, _outcome, alertIds) => {
          say(`${basename(file)}: ${action}`);
          emit({ kind: 'retrainDone', url, file, action, alertIds: [...alertIds] });
        }),
        ...(note ? { note } : {}),
      });
      return info(file, server, note);
    },
    async stop(url) {
      const r = running.get(url);
      if (!r) return false;
      running.delete(url);
      r.drift.close();
      r.version.close();
      // A running drift retrain ends with its server (its run recorded as interrupted), as
      // 'mlpipe serve' stopped by Ctrl-C does: Stop Serving waited for it, for as long as it trained.
      r.server.retrainer?.cancel();
      await r.server.close();
      r.alerts.close();
      r.retrains?.();
      return true;
    },
    async closeAll() {
      const all = [...running.values()];
      running.clear();
      for (const r of all) {
        r.drift.close();
        r.version.close();
        r.server.retrainer?.cancel();
      }
      await Promise.all(all.map((r) => r.server.close().catch(() => undefined)));
      for (const r of all) {
        r.alerts.close();
        r.retrains?.();
      }
    },
  };
}
