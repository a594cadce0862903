// The Readiness webview's entry.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ReadinessToHost, ReadinessToView, ReadinessViewState } from '../../server/protocol/webview.js';
import { Channel } from '../common/channel.js';
import { ReadinessView } from './view.js';

const channel = Channel.acquire<ReadinessToView, ReadinessToHost, ReadinessViewState>();
const view = new ReadinessView(document.getElementById('app')!, channel);
channel.start(
  (m) => view.receive(m),
  (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
);
