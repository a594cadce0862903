/**
 * The one wrapper between a webview and its host: typed messages both ways, the state VS Code
 * keeps across hide/show and reload, and the `ready` handshake. Panels never call
 * `acquireVsCodeApi` or `postMessage` themselves.
 */
import type { KeepState } from '../../server/protocol/webview.js';

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export class Channel<ToView extends { type: string }, ToHost extends { type: string }, State> {
  /** What the host keeps the panel by (its `keep`): every later save carries it. */
  private kept: Partial<State> | undefined;

  constructor(
    private readonly api: VsCodeApi<State>,
    private readonly target: Pick<Window, 'addEventListener'> = window,
  ) {}

  static acquire<ToView extends { type: string }, ToHost extends { type: string }, State>(): Channel<ToView, ToHost, State> {
    return new Channel<ToView, ToHost, State>(acquireVsCodeApi<State>());
  }

  send(message: ToHost): void {
    this.api.postMessage(message);
  }

  /**
   * Listens, then says `ready` (with the saved state) so the host sends its snapshot. The host's
   * `keep` (its answer to `ready`) is kept here, merged into the saved state and into every later
   * save, and not passed on: a page that saves its own state before its first data (a filter typed
   * while the backend starts) would otherwise save an empty key, and a reload would lose the panel.
   */
  start(onMessage: (message: ToView) => void, ready: (state: State | undefined) => ToHost): void {
    this.target.addEventListener('message', (e: Event) => {
      const data = (e as MessageEvent).data as ToView | KeepState<State> | undefined;
      if (!data || typeof data.type !== 'string') return;
      if (data.type === 'keep') {
        this.kept = (data as KeepState<State>).state;
        this.state = { ...this.state } as State; // saved again: the setter adds the key
      }
      else onMessage(data as ToView);
    });
    this.send(ready(this.state));
  }

  get state(): State | undefined {
    return this.api.getState();
  }

  set state(value: State) {
    this.api.setState(this.kept === undefined ? value : { ...value, ...this.kept });
  }
}
