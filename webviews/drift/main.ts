// The Drift webview's entry.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { DriftToHost, DriftToView, DriftViewState } from '../../server/protocol/webview.js';
import { Channel } from '../common/channel.js';
import { DriftView } from './view.js';

const channel = Channel.acquire<DriftToView, DriftToHost, DriftViewState>();
const view = new DriftView(document.getElementById('app')!, channel);
channel.start(
  (m) => view.receive(m),
  (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
);
