// The Run webview's entry.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { RunToHost, RunToView, RunViewState } from '../../server/protocol/webview.js';
import { Channel } from '../common/channel.js';
import { RunView } from './view.js';

const channel = Channel.acquire<RunToView, RunToHost, RunViewState>();
const view = new RunView(document.getElementById('app')!, channel);
channel.start(
  (m) => view.receive(m),
  (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
);
