import * as vscode from 'vscode';

/** The settings the language server reads, sent as `initializationOptions` and on every change. */
export interface ServerSettings {
  data: { maxSampleBytes: number };
  diagnostics: { debounceMs: number };
}

export const SECTION = 'mlpipe';

export function readServerSettings(): ServerSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    data: { maxSampleBytes: c.get<number>('data.maxSampleBytes', 33554432) },
    diagnostics: { debounceMs: c.get<number>('diagnostics.debounceMs', 150) },
  };
}
