/**
 * The settings the language server reads (the `mlpipe` section, as the extension sends it in
 * `initializationOptions` and on every change), as a zod schema built from the defaults and
 * limits stated once in `settingDefaults.ts`; a test holds package.json's
 * `contributes.configuration` to them.
 */
import { z } from 'zod';
import { SERVER_SETTINGS } from './settingDefaults.js';

export { EXTENSION_SETTINGS, SERVER_SETTINGS, SETTING_DEFAULTS } from './settingDefaults.js';

const setting = (key: keyof typeof SERVER_SETTINGS) => {
  const s = SERVER_SETTINGS[key];
  const n = z.number().int().min(s.minimum);
  return (s.maximum === undefined ? n : n.max(s.maximum)).default(s.default);
};

export const ServerSettings = z.object({
  data: z.object({ maxSampleBytes: setting('data.maxSampleBytes') }).prefault({}),
  diagnostics: z.object({ debounceMs: setting('diagnostics.debounceMs'), maxPerFile: setting('diagnostics.maxPerFile') }).prefault({}),
});
export type ServerSettings = z.infer<typeof ServerSettings>;
