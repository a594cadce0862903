// The Experiments webview's entry: registers the vscode-elements controls it uses and starts
// the view once the host has answered the ready handshake.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ExperimentsState, ExperimentsToHost, ExperimentsToView } from '../../server/protocol/webview.js';
import { Channel } from '../common/channel.js';
import { ExperimentsView } from './view.js';

const channel = Channel.acquire<ExperimentsToView, ExperimentsToHost, ExperimentsState>();
const view = new ExperimentsView(document.getElementById('app')!, channel, { width: window.innerWidth, height: window.innerHeight });
channel.start(
  (m) => view.receive(m),
  (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
);
