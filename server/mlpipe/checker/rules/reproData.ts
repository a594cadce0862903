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
      ctx.report('repro/missing-source', sourceAttr.value, `'${table.source}' does not exist (looked for ${info.path})`);
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
        `'data ${table.name}' has no 'version': pin the file's content hash so every run names the data it used`,
        hash ? { fix: 'pin-version', hash } : undefined,
      );
      return;
    }
    if (hash && table.version !== undefined && table.version !== hash)
      ctx.report(
        'repro/data-changed',
        versionAttr.value,
        `'${table.source}' has changed since it was pinned (now ${hash.slice(0, 19)}…): re-pin the version if the change is intended`,
        { fix: 'pin-version', hash },
      );
  },
};
