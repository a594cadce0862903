import { suggestion, type CheckContext } from '../context.js';
import { DATA_FILE_NAME } from '../../data/formats.js';
import { lineEndsOnlyWords } from '../../data/info.js';
import type { Rule } from '../rule.js';

/**
 * The data a run trains on must be nameable: a pinned content hash that matches the file.
 * Covers `repro/unpinned-data`, `repro/data-changed`, `repro/missing-source`,
 * `repro/mutable-source` and `repro/unreadable-source` (whose hash is still compared).
 */
export const reproData: Rule = {
  name: 'repro/data',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'data' || !block.name) return;
    const table = ctx.binding.tables.get(block.name.name);
    if (!table || table.decl !== block) return;
    const sourceAttr = table.attrs.get('source');
    const versionAttr = table.attrs.get('version');
    const info = ctx.dataInfo(table);
    if (info?.status === 'missing' && sourceAttr) {
      const { suffix, fix } = suggestion(nearSource(ctx, table.source!));
      ctx.report('repro/missing-source', sourceAttr.value, `'${table.source}' does not exist (looked for ${info.path})${suffix}`, fix);
      return;
    }
    if (info?.status === 'mutable' && sourceAttr) {
      ctx.report(
        'repro/mutable-source',
        sourceAttr.value,
        `'${table.source}' names no single file version (a URL or a glob): copy the data into a file and pin its hash`,
      );
      return;
    }
    if (info?.status === 'unreadable' && sourceAttr)
      ctx.report(
        'repro/unreadable-source',
        sourceAttr.value,
        `'${table.source}' cannot be read as ${info.format === 'parquet' ? 'Parquet' : info.format === 'csv' ? 'CSV' : 'a data file'}: ${info.error ?? 'unknown error'}`,
      );
    const hash = info?.hash;
    if (!versionAttr) {
      ctx.report(
        'repro/unpinned-data',
        ctx.header(block),
        // The whole hash, so a terminal or CI user (no quick fix there) can paste the line.
        `'data ${table.name}' has no 'version': pin the file's content hash so every run names the data it used${hash ? ` (version = "${hash}")` : ''}`,
        hash ? { fix: 'pin-version', hash } : undefined,
      );
      return;
    }
    if (hash && table.version !== undefined && table.version !== hash) {
      // Only the line ends (git's core.autocrlf on a checkout, an editor saving with the
      // platform's): a re-pin makes every checkout with the other line ends differ in turn.
      const pinned = info?.lineEndsWhenPinned?.(table.version);
      const message = pinned
        ? `'${table.source}' has changed since it was pinned, ${lineEndsOnlyWords(pinned, 'when pinned')}: restore them and keep them (with git, '*.csv -text' in .gitattributes), or re-pin the version if the change is intended (version = "${hash}")`
        : `'${table.source}' has changed since it was pinned: re-pin the version if the change is intended (version = "${hash}")`;
      ctx.report('repro/data-changed', versionAttr.value, message, { fix: 'pin-version', hash });
    }
  },
};

/**
 * What a missing source likely meant: a data file of a close name in the folder it names, else
 * one of its very name in a folder next to it (its parent, or its 'data' folder: a pipeline
 * beside its data or above it). Folders are listed only for a missing source, once per check.
 */
function nearSource(ctx: CheckContext, source: string): string | undefined {
  if (!ctx.host.files) return undefined;
  const cut = source.lastIndexOf('/');
  const folder = cut < 0 ? '' : source.slice(0, cut + 1);
  const name = source.slice(cut + 1);
  const dataFiles = (f: string) => ctx.filesIn(f).filter((n) => DATA_FILE_NAME.test(n));
  const close = ctx.closest(`files:${folder}`, () => dataFiles(folder), name);
  if (close !== undefined) return folder + close;
  for (const other of nearbyFolders(folder)) if (dataFiles(other).includes(name)) return other + name;
  return undefined;
}

/** `folder` ends with '/' or is '' (the pipeline's own folder). */
function nearbyFolders(folder: string): string[] {
  const parts = folder.split('/').slice(0, -1);
  const last = parts[parts.length - 1];
  const out: string[] = [];
  if (folder !== '' && folder !== '/' && last !== '..' && last !== '.') out.push(parts.slice(0, -1).map((p) => p + '/').join('') || (folder.startsWith('/') ? '/' : ''));
  if (last !== 'data') out.push(folder + 'data/');
  return out;
}
