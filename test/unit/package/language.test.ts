import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isPipelinePath, LANGUAGE_ID, PIPELINE_EXTENSION } from '../../../server/protocol/language.js';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string }[] };
};

describe('the pipeline language: one id and one extension for the manifest, the server, the CLI and the extension', () => {
  it('package.json contributes the language the code names, by the extension it matches', () => {
    const [language] = manifest.contributes.languages;
    assert.equal(manifest.contributes.languages.length, 1);
    assert.equal(language.id, LANGUAGE_ID);
    assert.deepEqual(language.extensions, [PIPELINE_EXTENSION]);
    assert.deepEqual(manifest.contributes.grammars.map((g) => g.language), [LANGUAGE_ID]);
    assert.deepEqual(manifest.activationEvents.sort(), [`onLanguage:${LANGUAGE_ID}`, `workspaceContains:**/*${PIPELINE_EXTENSION}`].sort());
  });

  it('every language condition of a menu, keybinding or view names that language', () => {
    const conditions = [...JSON.stringify(manifest.contributes).matchAll(/(?:editorLangId|resourceLangId) ?== ?([\w-]+)/g)].map((x) => x[1]);
    assert.ok(conditions.length > 0, 'the manifest has contributions shown for pipelines only');
    for (const id of conditions) assert.equal(id, LANGUAGE_ID);
  });

  it('a path names a pipeline by that extension', () => {
    assert.equal(isPipelinePath('/repo/churn.mlpipe'), true);
    assert.equal(isPipelinePath('/repo/churn.mlpipe.bak'), false);
    assert.equal(isPipelinePath('/repo/.mlpipe/runs.db'), false);
  });
});
