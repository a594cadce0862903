/**
 * The model servers the backend runs for this window, as its events tell them. They live in the
 * backend process, so they end with it: when it dies (killed, crashed) or restarts, what it was
 * serving is what the user lost and may want back. Pure (no vscode): the notice is wired in
 * servingNotices.ts.
 */
import type { BackendEvent } from '../../server/protocol/backend.js';

export interface Served {
  file: string;
  model: string;
  version: number | null;
  url: string;
}

export class ServedEndpoints {
  private readonly served = new Map<string, Served>();

  follow(e: BackendEvent): void {
    if (e.kind === 'serverUp') {
      const { file, model, version, url } = e.endpoint;
      this.served.set(url, { file, model, version, url });
    } else if (e.kind === 'serverDown') this.served.delete(e.url);
  }

  /** The backend went away: what it served, forgotten here (a new backend serves nothing). */
  takeLost(): Served[] {
    const lost = [...this.served.values()];
    this.served.clear();
    return lost;
  }
}

/** The warning for servers lost with the backend: which, and why (the backend's stop reason). */
export function lostServingText(lost: readonly Served[], reason: string): string {
  const name = (s: Served) => `${s.model}${s.version === null ? '' : ` v${s.version}`} (${s.url})`;
  const which = lost.length === 1 ? `${name(lost[0]!)} is` : `${lost.map(name).join(', ')} are`;
  return `mlpipe: ${which} no longer served: ${reason.replace(/\.$/, '')}.`;
}
