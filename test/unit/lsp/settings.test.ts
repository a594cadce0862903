import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_BYTES } from '../../../server/backend/data/inspect.js';
import { DEFAULT_SETTINGS, SETTING_DEFAULTS } from '../../../server/lsp/settings.js';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};

describe('settings defaults', () => {
  it("are the ones package.json's contributes.configuration declares, both ways", () => {
    const declared = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
    assert.deepEqual(declared, { ...SETTING_DEFAULTS });
  });
  it("are what the server uses when the client sends nothing, and the inspector's own sample size", () => {
    assert.equal(DEFAULT_SETTINGS.debounceMs, SETTING_DEFAULTS['mlpipe.diagnostics.debounceMs']);
    assert.equal(DEFAULT_SETTINGS.maxSampleBytes, SETTING_DEFAULTS['mlpipe.data.maxSampleBytes']);
    assert.equal(DEFAULT_MAX_BYTES, SETTING_DEFAULTS['mlpipe.data.maxSampleBytes']);
  });
});
