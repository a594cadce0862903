import { Window } from 'happy-dom';
import type { VsCodeApi } from '../../../webviews/common/channel.js';
import { readToHost, type TO_HOST } from '../../../server/protocol/webviewToHost.js';

/**
 * Installs a happy-dom window as the globals webview code reads (document, window, elements),
 * and returns it with a fake VS Code webview API that records what the page posts.
 */
export function simulatedDom(width = 1000, height = 600) {
  const window = new Window({ width, height, url: 'https://webview.test/' });
  const g = globalThis as Record<string, unknown>;
  for (const name of ['document', 'navigator', 'HTMLElement', 'Element', 'Node', 'customElements', 'getComputedStyle', 'ResizeObserver', 'MessageEvent', 'Event', 'CustomEvent', 'requestAnimationFrame', 'cancelAnimationFrame', 'devicePixelRatio', 'matchMedia', 'MutationObserver'])
    Object.defineProperty(g, name, { value: (window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
  g.window = window;
  return {
    window,
    close: () => window.happyDOM.close(),
  };
}

/**
 * happy-dom has no 2D canvas: a context that draws nothing lets uPlot build its DOM and legend.
 * Call before importing a module that imports uPlot.
 */
export function stubCanvas(window: Window): void {
  const noop = new Proxy({}, { get: (_t, k) => (k === 'measureText' ? () => ({ width: 10 }) : () => undefined), set: () => true });
  (window.HTMLCanvasElement.prototype as unknown as { getContext: () => unknown }).getContext = () => noop;
  (globalThis as Record<string, unknown>).Path2D = function Path2D() {
    return noop;
  };
}

/**
 * The page's side of VS Code's webview API. Every message the page posts must be one its host
 * reads (the shared schema, `webviewToHost.ts`): the view tests hold the pages to it.
 */
export class FakeApi<S> implements VsCodeApi<S> {
  readonly posted: unknown[] = [];
  private waiters: Array<{ pick: (m: unknown) => boolean; resolve: (m: unknown) => void }> = [];
  constructor(
    private readonly kind: keyof typeof TO_HOST,
    public saved?: S,
  ) {}
  postMessage(message: unknown): void {
    const read = readToHost(this.kind, JSON.parse(JSON.stringify(message)));
    if ('refused' in read) throw new Error(`the ${this.kind} page posted ${JSON.stringify(message)}, which its host refuses: ${read.refused}`);
    this.posted.push(message);
    this.waiters = this.waiters.filter((w) => (w.pick(message) ? (w.resolve(message), false) : true));
  }
  getState(): S | undefined {
    return this.saved;
  }
  setState(state: S): void {
    this.saved = JSON.parse(JSON.stringify(state));
  }
  /** Resolves with the next posted message `pick` accepts (or one already posted). */
  next<T>(pick: (m: unknown) => boolean): Promise<T> {
    const seen = this.posted.find(pick);
    if (seen) return Promise.resolve(seen as T);
    return new Promise((resolve) => this.waiters.push({ pick, resolve: resolve as (m: unknown) => void }));
  }
}

/** One call on a recorded 2D context, with the drawing state it was made under. */
export interface CanvasCall {
  op: string;
  args: unknown[];
  fillStyle: unknown;
  font: unknown;
  textAlign: unknown;
}

/**
 * happy-dom has no 2D canvas: this stand-in records every call made on a canvas's context
 * (measureText: 7 px a character), so what a view paints can be checked. Returns the calls
 * made on a given canvas so far.
 */
export function recordingCanvas(window: Window): (canvas: HTMLCanvasElement) => CanvasCall[] {
  const calls = new WeakMap<object, CanvasCall[]>();
  const proto = window.HTMLCanvasElement.prototype as unknown as { getContext: (this: object) => unknown };
  proto.getContext = function (this: object) {
    const log: CanvasCall[] = [];
    calls.set(this, log);
    const state: Record<string | symbol, unknown> = { fillStyle: '#000', font: '10px sans-serif', textAlign: 'start' };
    return new Proxy(state, {
      get: (_t, k) => {
        if (k in state) return state[k];
        if (k === 'measureText') return (s: string) => ({ width: 7 * s.length });
        return (...args: unknown[]) => void log.push({ op: String(k), args, fillStyle: state.fillStyle, font: state.font, textAlign: state.textAlign });
      },
      set: (_t, k, v) => ((state[k] = v), true),
    });
  };
  (globalThis as Record<string, unknown>).Path2D = function Path2D() {
    return {};
  };
  return (canvas) => calls.get(canvas) ?? [];
}
