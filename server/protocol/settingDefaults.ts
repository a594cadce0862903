/**
 * Every mlpipe setting with its default and limits, stated once, as plain constants: the
 * extension reads these without loading zod (most of its bundle otherwise), and
 * `settings.ts` builds the server's schema from them.
 */
/** Each server setting by its dotted key under `mlpipe.`, with its default and limits. */
export const SERVER_SETTINGS = {
  'data.maxSampleBytes': { default: 33_554_432, minimum: 0, maximum: undefined },
  'diagnostics.debounceMs': { default: 150, minimum: 0, maximum: 10_000 },
  // 0: every diagnostic is published (server/lsp/diagnosticCap.ts).
  'diagnostics.maxPerFile': { default: 1000, minimum: 0, maximum: undefined },
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
