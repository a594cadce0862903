// The Experiments view mounted in the simulated DOM with a real Channel over a FakeApi, as the
// webview's main does; `post` delivers a host message the way the webview receives one.
import type { ExperimentsState, ExperimentsToHost, ExperimentsToView } from '../../../server/protocol/webview.js';
import { Channel } from '../../../webviews/common/channel.js';
import type { ExperimentsView as View } from '../../../webviews/experiments/view.js';
import { FakeApi, type simulatedDom } from './simulatedDom.js';

export function mountExperiments(dom: ReturnType<typeof simulatedDom>, ExperimentsView: typeof View, saved?: ExperimentsState) {
  const api = new FakeApi<ExperimentsState>('mlpipe.experiments', saved);
  const channel = new Channel<ExperimentsToView, ExperimentsToHost, ExperimentsState>(api, dom.window as never);
  const root = document.createElement('div');
  document.body.append(root);
  const view = new ExperimentsView(root, channel, { width: 1000, height: 600 });
  channel.start(
    (m) => view.receive(m),
    (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
  );
  const post = (m: ExperimentsToView) => {
    const event = new dom.window.Event('message');
    Object.defineProperty(event, 'data', { value: m });
    dom.window.dispatchEvent(event);
  };
  return { api, view, root, post };
}
