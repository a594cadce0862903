import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXTENSION_SETTINGS, SERVER_SETTINGS, ServerSettings } from '../../../server/protocol/settings.js';

interface Contributed {
  type: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Contributed> } };
};
const contributed = manifest.contributes.configuration.properties;

describe('server settings: one statement of defaults and limits', () => {
  it('package.json contributes each server setting with the same default and limits', () => {
    for (const [key, s] of Object.entries(SERVER_SETTINGS)) {
      const c = contributed[`mlpipe.${key}`];
      assert.ok(c, `package.json lacks mlpipe.${key}`);
      assert.equal(c.type, 'integer', key);
      assert.equal(c.default, s.default, `${key} default`);
      assert.equal(c.minimum, s.minimum, `${key} minimum`);
      assert.equal(c.maximum, s.maximum, `${key} maximum`);
    }
    const extensionOnly = new Set(Object.keys(EXTENSION_SETTINGS).map((k) => `mlpipe.${k}`));
    const server = Object.keys(contributed).filter((k) => k.startsWith('mlpipe.') && !extensionOnly.has(k));
    assert.deepEqual(server.sort(), Object.keys(SERVER_SETTINGS).map((k) => `mlpipe.${k}`).sort(), 'every contributed server setting is declared');
  });

  it('the schema fills defaults and refuses values out of range', () => {
    assert.deepEqual(ServerSettings.parse({}), { data: { maxSampleBytes: 33_554_432 }, diagnostics: { debounceMs: 150, maxPerFile: 1000 } });
    assert.deepEqual(ServerSettings.parse({ diagnostics: { debounceMs: 0 } }).diagnostics, { debounceMs: 0, maxPerFile: 1000 });
    assert.equal(ServerSettings.safeParse({ diagnostics: { debounceMs: 10_001 } }).success, false);
    assert.equal(ServerSettings.safeParse({ data: { maxSampleBytes: -1 } }).success, false);
    assert.equal(ServerSettings.safeParse({ data: { maxSampleBytes: 1.5 } }).success, false);
  });
});
