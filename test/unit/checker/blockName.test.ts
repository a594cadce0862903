/**
 * A name on a block that takes none ('split s {', 'environment prod {', 'defaults x {') passed the
 * check silently, though every reader drops it: the counterpart of 'name this block' for the
 * blocks that need one. It is an 'unknown-attribute' warning at the name (it has no effect).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCKS } from '../../../server/mlpipe/language/blocks.js';
import { basePipeline, checkText, edit } from './fixture.js';

const named = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'unknown-attribute')
    .map((d) => ({ message: d.message, line: d.range.start.line, at: text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character) }));

describe('a name on a block that takes none', () => {
  it('is quiet on the clean pipeline, whose named blocks are data, model and register', { timeout: 30_000 }, () => {
    assert.deepEqual(named(basePipeline()), []);
  });

  for (const kind of ['split', 'environment'])
    it(`'${kind} NAME {' is an unknown-attribute warning at the name`, { timeout: 30_000 }, () => {
      assert.equal(BLOCKS[kind].named, false);
      const got = named(edit(basePipeline(), `\n${kind} {`, `\n${kind} extra {`));
      assert.deepEqual(got.map((d) => [d.at, d.message]), [['extra', `'${kind}' blocks take no name: 'extra' has no effect; write '${kind} {'`]]);
    });

  it("also inside 'serve': 'defaults NAME {'", { timeout: 30_000 }, () => {
    const text = basePipeline();
    const withDefaults = /\nserve \{\n/.test(text)
      ? edit(text, '\nserve {\n', '\nserve {\n  defaults fill {\n    plan = "basic"\n  }\n')
      : undefined;
    assert.ok(withDefaults, 'the fixture has a serve block');
    const got = named(withDefaults);
    assert.deepEqual(got.map((d) => d.at), ['fill']);
  });
});
