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

describe('readSettings parses through the ServerSettings schema', () => {
  it('ignores a bad value with a warning naming it, and keeps the good ones', async () => {
    const { readSettings } = await import('../../../server/lsp/settings.js');
    const warnings: string[] = [];
    const base = { ...DEFAULT_SETTINGS, debounceMs: 77 };
    const out = readSettings({ diagnostics: { debounceMs: 20_000 }, data: { maxSampleBytes: 4096 } }, base, (m) => warnings.push(m));
    assert.deepEqual(out, { ...base, maxSampleBytes: 4096 });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /'mlpipe\.diagnostics\.debounceMs' ignored: 20000 is not allowed \(an integer from 0 to 10000\); keeping 77$/);
    assert.doesNotMatch(warnings[0], /\n/);
    // Fractions and text are refused by the schema too; a good dotted key still applies.
    const more: string[] = [];
    const next = readSettings({ 'mlpipe.diagnostics.debounceMs': 12.5, 'mlpipe.data.maxSampleBytes': 'big' }, base, (m) => more.push(m));
    assert.deepEqual(next, base);
    assert.equal(more.length, 2);
    assert.deepEqual(readSettings({ 'mlpipe.diagnostics.debounceMs': 10_000 }, base, () => assert.fail('warned')).debounceMs, 10_000);
  });
});

describe('readPushedSettings reads a didChangeConfiguration push', () => {
  it("reads a whole 'mlpipe' section over the defaults, keeping the current value of a bad one; anything else changes only what it names", async () => {
    const { readPushedSettings } = await import('../../../server/lsp/settings.js');
    const current = { debounceMs: 5, maxSampleBytes: 4096, maxPerFile: 7 };
    assert.deepEqual(readPushedSettings({ mlpipe: {} }, current), DEFAULT_SETTINGS);
    const warnings: string[] = [];
    assert.deepEqual(readPushedSettings({ mlpipe: { diagnostics: { maxPerFile: -1 } } }, current, (m) => warnings.push(m)), { ...DEFAULT_SETTINGS, maxPerFile: 7 });
    assert.match(warnings[0], /keeping 7$/);
    for (const raw of [null, {}, { mlpipe: null }, { diagnostics: {} }]) assert.deepEqual(readPushedSettings(raw, current), current, JSON.stringify(raw));
    assert.deepEqual(readPushedSettings({ 'mlpipe.diagnostics.maxPerFile': 3 }, current), { ...current, maxPerFile: 3 });
  });
});
