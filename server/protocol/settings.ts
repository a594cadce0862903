/**
 * The settings the language server reads (the `mlpipe` section, as the extension sends it in
 * `initializationOptions` and on every change), as a zod schema built from the defaults and
 * limits stated once in `settingDefaults.ts`; a test holds package.json's
 * `contributes.configuration` to them.
 */
// zod's mini API, imported as a namespace so the bundler keeps only what is used: the language
// server's bundle reads no other zod, and the classic API (or mini's `z` object, which holds
// all of it) added 150-200 KiB to what it compiles at every start.
import * as z from 'zod/mini';
import { SERVER_SETTINGS } from './settingDefaults.js';

export { EXTENSION_SETTINGS, SERVER_SETTINGS, SETTING_DEFAULTS } from './settingDefaults.js';

const setting = (key: keyof typeof SERVER_SETTINGS) => {
  const s = SERVER_SETTINGS[key];
  const n = s.maximum === undefined ? z.int().check(z.minimum(s.minimum)) : z.int().check(z.minimum(s.minimum), z.maximum(s.maximum));
  return z._default(n, s.default);
};

/** What a setting allows, in words (zod's mini API carries no messages of its own). */
export function allowedValues(key: keyof typeof SERVER_SETTINGS): string {
  const s = SERVER_SETTINGS[key];
  return s.maximum === undefined ? `an integer of at least ${s.minimum}` : `an integer from ${s.minimum} to ${s.maximum}`;
}

export const ServerSettings = z.object({
  data: z.prefault(z.object({ maxSampleBytes: setting('data.maxSampleBytes') }), {}),
  diagnostics: z.prefault(z.object({ debounceMs: setting('diagnostics.debounceMs'), maxPerFile: setting('diagnostics.maxPerFile') }), {}),
});
export type ServerSettings = z.infer<typeof ServerSettings>;
