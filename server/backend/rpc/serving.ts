import type { EndpointInfo } from '../../protocol/backend.js';
import type { Serving as RunningServer } from '../serve/server.js';

/**
 * The seam to the serving module (`server/backend/serve/`): `liveServing` in this build;
 * `unavailableServing` where serving is left out (the list is empty and starting says why).
 */
export interface Serving {
  readonly available: boolean;
  list(): Promise<EndpointInfo[]>;
  /** A server this process runs, by its URL. */
  find(url: string): { file: string; server: RunningServer } | undefined;
  start(file: string, port?: number): Promise<EndpointInfo>;
  stop(url: string): Promise<boolean>;
  closeAll(): Promise<void>;
}

export const unavailableServing: Serving = {
  available: false,
  list: () => Promise.resolve([]),
  find: () => undefined,
  start: () => Promise.reject(new Error('serving is not in this version of mlpipe yet')),
  stop: () => Promise.resolve(false),
  closeAll: () => Promise.resolve(),
};
