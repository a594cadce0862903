import { allowedValues, SERVER_SETTINGS, SETTING_DEFAULTS, ServerSettings } from '../protocol/settings.js';

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
  /** At most this many diagnostics are published per file, the rest summed up in one (0: no limit). */
  maxPerFile: number;
}

export const DEFAULT_SETTINGS: Settings = {
  debounceMs: SETTING_DEFAULTS['mlpipe.diagnostics.debounceMs'],
  maxSampleBytes: SETTING_DEFAULTS['mlpipe.data.maxSampleBytes'],
  maxPerFile: SETTING_DEFAULTS['mlpipe.diagnostics.maxPerFile'],
};

/** What the extension sends as `initializationOptions` and the `mlpipe` section has: the nested shape. */
export interface SettingsSection {
  data: { maxSampleBytes: number };
  diagnostics: { debounceMs: number; maxPerFile: number };
}

/** Where each setting lands in `Settings`, by its key in `SERVER_SETTINGS`. */
const FIELDS: Record<keyof typeof SERVER_SETTINGS, keyof Settings> = {
  'data.maxSampleBytes': 'maxSampleBytes',
  'diagnostics.debounceMs': 'debounceMs',
  'diagnostics.maxPerFile': 'maxPerFile',
};

/**
 * Accepts the shapes clients send: `{ diagnostics: { debounceMs } }` (the `mlpipe` section),
 * `{ mlpipe: { … } }`, or flat dotted keys (`"mlpipe.diagnostics.debounceMs": 50`). Values are
 * judged by the `ServerSettings` schema: a bad one is ignored (the previous value is kept) with
 * a warning naming it, and the others still apply. A setting `raw` leaves out takes its value
 * in `absent` (by default `base`: unchanged).
 */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS, warn: (message: string) => void = () => {}, absent: Settings = base): Settings {
  const out = { ...base };
  if (!raw || typeof raw !== 'object') return out;
  const obj = raw as Record<string, unknown>;
  const section = (obj.mlpipe && typeof obj.mlpipe === 'object' ? obj.mlpipe : obj) as Record<string, unknown>;
  const pick = (key: string): unknown => {
    const dotted = obj['mlpipe.' + key] ?? section[key];
    if (dotted !== undefined) return dotted;
    let cur: unknown = section;
    for (const p of key.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    return cur;
  };
  for (const key of Object.keys(FIELDS) as Array<keyof typeof FIELDS>) {
    const value = pick(key);
    if (value === undefined) {
      out[FIELDS[key]] = absent[FIELDS[key]];
      continue;
    }
    const [group, name] = key.split('.') as [keyof ServerSettings, string];
    const parsed = ServerSettings.safeParse({ [group]: { [name]: value } });
    if (parsed.success) {
      out[FIELDS[key]] = (parsed.data[group] as Record<string, number>)[name];
    } else {
      warn(`setting 'mlpipe.${key}' ignored: ${JSON.stringify(value)} is not allowed (${allowedValues(key)}); keeping ${out[FIELDS[key]]}`);
    }
  }
  return out;
}

/**
 * A `workspace/didChangeConfiguration` push. A whole `mlpipe` section is what VS Code sends (every
 * key, defaults included), so a key it leaves out was removed and takes its default: merged into
 * the current settings, it kept its old value. A bad value still keeps the current one. Anything
 * else (no `mlpipe` section, flat dotted keys, null) names only what it changes.
 */
export function readPushedSettings(raw: unknown, current: Settings, warn: (message: string) => void = () => {}): Settings {
  const section = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).mlpipe : undefined;
  const whole = section !== null && typeof section === 'object';
  return readSettings(raw, current, warn, whole ? DEFAULT_SETTINGS : current);
}
