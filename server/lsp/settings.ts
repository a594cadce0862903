import { SETTING_DEFAULTS } from '../protocol/settings.js';

/**
 * The extension's settings are stated once, in `server/protocol/settings.ts`;
 * `test/unit/lsp/settings.test.ts` holds `package.json`'s `contributes.configuration` to them.
 */
export { SETTING_DEFAULTS };

/** The server's settings, read from `initializationOptions` and `workspace/configuration` (section `mlpipe`). */
export interface Settings {
  /** Quiet time after the last edit before a document is re-checked. */
  debounceMs: number;
  /** Data files up to this size are read whole; larger ones are sampled (`DataInspector`'s `maxBytes`). */
  maxSampleBytes: number;
}

export const DEFAULT_SETTINGS: Settings = {
  debounceMs: SETTING_DEFAULTS['mlpipe.diagnostics.debounceMs'],
  maxSampleBytes: SETTING_DEFAULTS['mlpipe.data.maxSampleBytes'],
};

/** What the extension sends as `initializationOptions` and the `mlpipe` section has: the nested shape. */
export interface SettingsSection {
  data: { maxSampleBytes: number };
  diagnostics: { debounceMs: number };
}

/**
 * Accepts the shapes clients send: `{ diagnostics: { debounceMs } }` (the `mlpipe` section),
 * `{ mlpipe: { … } }`, or flat dotted keys (`"mlpipe.diagnostics.debounceMs": 50`).
 */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  const out = { ...base };
  if (!raw || typeof raw !== 'object') return out;
  const obj = raw as Record<string, unknown>;
  const section = (obj.mlpipe && typeof obj.mlpipe === 'object' ? obj.mlpipe : obj) as Record<string, unknown>;
  const pick = (path: string[]): unknown => {
    const dotted = obj['mlpipe.' + path.join('.')] ?? section[path.join('.')];
    if (dotted !== undefined) return dotted;
    let cur: unknown = section;
    for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    return cur;
  };
  const debounce = pick(['diagnostics', 'debounceMs']);
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) out.debounceMs = debounce;
  const maxBytes = pick(['data', 'maxSampleBytes']);
  if (typeof maxBytes === 'number' && Number.isFinite(maxBytes) && maxBytes > 0) out.maxSampleBytes = maxBytes;
  return out;
}
