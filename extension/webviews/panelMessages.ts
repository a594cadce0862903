/**
 * The panels' message schemas for the extension: the separate bundle dist/panelMessages.js,
 * required by the panel host on a panel's first message. zod is about a sixth of the extension's
 * bundle, which V8 compiles at every activation (settings.ts keeps it out for the same reason).
 */
export { readToHost } from '../../server/protocol/webviewToHost.js';
