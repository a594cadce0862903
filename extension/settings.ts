import * as vscode from 'vscode';
import type { SettingsSection } from '../server/lsp/settings.js';
// The plain defaults, not the server's zod schema: zod would be most of the extension bundle.
import { SETTING_DEFAULTS } from '../server/protocol/settingDefaults.js';

export const SECTION = 'mlpipe';

/** The settings the language server reads, sent as `initializationOptions` and on every change. */
export function readServerSettings(): SettingsSection {
  // null: the settings are resource-scoped, and one server serves every folder.
  const c = vscode.workspace.getConfiguration(SECTION, null);
  return {
    data: { maxSampleBytes: c.get<number>('data.maxSampleBytes', SETTING_DEFAULTS['mlpipe.data.maxSampleBytes']) },
    diagnostics: {
      debounceMs: c.get<number>('diagnostics.debounceMs', SETTING_DEFAULTS['mlpipe.diagnostics.debounceMs']),
      maxPerFile: c.get<number>('diagnostics.maxPerFile', SETTING_DEFAULTS['mlpipe.diagnostics.maxPerFile']),
    },
  };
}

/** `mlpipe.nodePath`: the Node the backend and the tasks run on (unset: the first `node` found). */
export function nodePathSetting(): string | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<string>('nodePath');
}
