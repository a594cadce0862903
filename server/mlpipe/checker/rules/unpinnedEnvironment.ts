import { attributesOf, stringValue } from '../../binder.js';
import { suggestion } from '../context.js';
import type { Rule } from '../rule.js';

/** Without a lockfile a run cannot say which library versions produced it. */
export const unpinnedEnvironment: Rule = {
  name: 'repro/unpinned-environment',
  phase: 2,
  file(ctx) {
    if (ctx.binding.blocks.has('environment')) return;
    ctx.report(
      'repro/unpinned-environment',
      ctx.fileSpan(),
      "no 'environment' block: runs cannot name the libraries and backend they used; add one with a 'lockfile'",
      { fix: 'add-environment' },
    );
  },
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'environment' || ctx.singleton('environment') !== block) return;
    const lock = attributesOf(block).get('lockfile');
    if (!lock) {
      ctx.report('repro/unpinned-environment', ctx.header(block), `the environment names no 'lockfile': add 'lockfile = "package-lock.json"' (or your lockfile)`);
      return;
    }
    const path = stringValue(lock.value);
    if (path === undefined || !ctx.host.fileExists || ctx.host.fileExists(path)) return;
    // A folder exists, so "does not exist" would send the user looking for the wrong mistake.
    if (ctx.host.files?.(path) !== undefined) {
      ctx.report('repro/unpinned-environment', lock.value, `lockfile '${path}' is a folder: name the lockfile in it, e.g. 'lockfile = "${path.replace(/\/+$/, '')}/package-lock.json"'`);
      return;
    }
    const cut = path.lastIndexOf('/');
    const folder = cut < 0 ? '' : path.slice(0, cut + 1);
    const close = ctx.closest(`lockfile-files:${folder}`, () => ctx.filesIn(folder), path.slice(cut + 1));
    const { suffix, fix } = suggestion(close === undefined ? undefined : folder + close);
    ctx.report('repro/unpinned-environment', lock.value, `lockfile '${path}' does not exist: point 'lockfile' at the project's lockfile (such as 'package-lock.json'), relative to this file${suffix}`, fix);
  },
};
