/**
 * The settings the language server reads (the `mlpipe` section, as the extension sends it in
 * `initializationOptions` and on every change): defaults and limits stated once, here; a test
 * holds package.json's `contributes.configuration` to them.
 */
import { z } from 'zod';

/** Each server setting by its dotted key under `mlpipe.`, with its default and limits. */
export const SERVER_SETTINGS = {
  'data.maxSampleBytes': { default: 33_554_432, minimum: 0, maximum: undefined },
  'diagnostics.debounceMs': { default: 150, minimum: 0, maximum: 10_000 },
} as const;

/** Settings only the extension reads (how to log, which Node runs the backend), by the same keys. */
export const EXTENSION_SETTINGS = {
  'trace.server': { default: 'off' },
  nodePath: { default: '' },
} as const;

/** Every setting's default by its full `mlpipe.` key: what package.json must contribute. */
export const SETTING_DEFAULTS = Object.fromEntries(
  [...Object.entries(SERVER_SETTINGS), ...Object.entries(EXTENSION_SETTINGS)].map(([k, v]) => [`mlpipe.${k}`, v.default]),
) as { readonly [K in keyof typeof SERVER_SETTINGS | keyof typeof EXTENSION_SETTINGS as `mlpipe.${K}`]: (typeof SERVER_SETTINGS & typeof EXTENSION_SETTINGS)[K]['default'] };

const setting = (key: keyof typeof SERVER_SETTINGS) => {
  const s = SERVER_SETTINGS[key];
  const n = z.number().int().min(s.minimum);
  return (s.maximum === undefined ? n : n.max(s.maximum)).default(s.default);
};

export const ServerSettings = z.object({
  data: z.object({ maxSampleBytes: setting('data.maxSampleBytes') }).prefault({}),
  diagnostics: z.object({ debounceMs: setting('diagnostics.debounceMs') }).prefault({}),
});
export type ServerSettings = z.infer<typeof ServerSettings>;
