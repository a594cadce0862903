import type { Hover } from 'vscode-languageserver';
import type { Binding, FeatureSymbol, TableSymbol } from '../mlpipe/binder.js';
import { BLOCKS, METRICS, type AttributeSpec } from '../mlpipe/language/blocks.js';
import { DRIFT_STATISTIC_INFO, isDriftStatistic } from '../mlpipe/drift/catalogue.js';
import { rangeText } from '../mlpipe/checker/threshold.js';
import { catalogueEntry } from './transforms.js';
import { bindArgs } from '../mlpipe/language/callArgs.js';
import { FIT_SCOPES, oneOf, REGISTER_STAGES, STAGES } from '../mlpipe/language/keywords.js';
import { versionNumber } from '../mlpipe/language/versionNumber.js';
import { fittedStatistics } from '../mlpipe/features/dependencies.js';
import type { Block, Expr, Ident, Reference } from '../mlpipe/syntax/ast.js';
import type { DocAnalysis } from './analyses.js';
import { missingShare, tableData } from './dataFacts.js';
import { cell, columnSummary, sampleRows } from './dataPreview.js';
import { isIdentifier } from '../mlpipe/syntax/tokens.js';
import { blockAt, pathAt, walk, type SpanNode } from '../mlpipe/syntax/locate.js';
import { occurrenceAt } from './symbolAt.js';
import { asOfColumn, windowsIn } from '../mlpipe/language/timeColumns.js';
import { windowJoinColumn } from '../mlpipe/features/windowJoin.js';
import { unreadSummary } from '../mlpipe/data/info.js';
import { servedRequestFields } from '../mlpipe/served.js';
import { isRefusal } from '../mlpipe/checker/judge.js';
import { refPart, refPartCount } from '../mlpipe/syntax/reference.js';

/** Hover text for whatever is under the offset: language docs, data facts, feature lineage. */
export function hoverAt(a: DocAnalysis, offset: number): Hover | null {
  const path = pathAt(a.file, offset);
  const node = path[path.length - 1];
  const parent = path[path.length - 2];
  // `@production` / `@3` after the served model's name: not an identifier node of its own.
  const at = node?.kind === 'Reference' && node.at && node.at.start <= offset && offset <= node.at.end ? servedAtHover(a, node, path) : undefined;
  if (at) return { contents: { kind: 'markdown', value: at.text }, range: a.lines.range(at.start, at.end) };
  const md = node?.kind === 'Ident' ? identHover(a, node, parent, path) : node?.kind === 'String' ? sourceHover(a, path) : undefined;
  const text = md ?? symbolHover(a, offset);
  if (!text) return null;
  const span = node ?? { start: offset, end: offset };
  return { contents: { kind: 'markdown', value: text }, range: a.lines.range(span.start, span.end) };
}

/**
 * The `source` string of a data block: the same data preview as the block's header. Its `version`
 * string: what it pins against the file's hash now, as the data inspector read it.
 */
function sourceHover(a: DocAnalysis, path: SpanNode[]): string | undefined {
  const attr = path[path.length - 2];
  const { block } = blockAt(path);
  if (attr?.kind !== 'Attribute' || block?.type.name !== 'data' || !block.name) return undefined;
  if (attr.name.name === 'version') return versionHover(a, a.binding.tables.get(block.name.name));
  if (attr.name.name !== 'source') return undefined;
  return tableHover(a, a.binding.tables.get(block.name.name));
}

/** `version = "sha256:…"`: the pinned hash, the file's hash now, and whether they match (repro/data-changed when not). */
function versionHover(a: DocAnalysis, t: TableSymbol | undefined): string | undefined {
  if (!t || t.version === undefined) return undefined;
  const lines = [`**version** of data ${t.name}: pins the content of \`${t.source ?? '?'}\``, `- Pinned: \`${t.version}\``];
  const info = tableData(a, t);
  if (!info) return lines.join('\n');
  if (info.status === 'missing') lines.push(`- The file does not exist (${info.path}): nothing to compare the pin with.`);
  else if (info.status === 'mutable') lines.push('- A URL or glob: no single file version to compare the pin with.');
  else if (info.hash === undefined) lines.push('- The file was not hashed: nothing to compare the pin with.');
  else {
    lines.push(`- The file now: \`${info.hash}\``);
    lines.push(info.hash === t.version ? '- The pin **matches** the file.' : '- The pin **does not match** the file (`repro/data-changed`): re-pin it to the hash above if the file is meant to be this one.');
  }
  return lines.join('\n');
}

/**
 * The `@stage` or `@version` of `serve { model = name@… }`: which registry version serves, by the
 * registry's one lookup (`resolveServedModel`: the newest version in the stage, or that version
 * number). The hover covers `@` and what follows it. Undefined for anything the checker refuses.
 */
function servedAtHover(a: DocAnalysis, ref: Reference, path: SpanNode[]): { text: string; start: number; end: number } | undefined {
  const attr = path[path.length - 2];
  const { block } = blockAt(path);
  const at = ref.at;
  const name = refPart(ref, 0);
  if (!at || name === undefined || refPartCount(ref) !== 1 || attr?.kind !== 'Attribute' || attr.name.name !== 'model' || block?.type.name !== 'serve') return undefined;
  const span = { start: at.start - 1, end: at.end };
  const version = versionNumber(at.text);
  if (version !== undefined) return { ...span, text: `\`@${at.text}\` — version ${version} of \`${name}\`, whatever its stage: \`mlpipe serve\` loads that version from the registry.` };
  if (!oneOf(STAGES, at.text)) return undefined;
  const lines = [
    `\`@${at.text}\` — stage **${at.text}** of \`${name}\`: \`mlpipe serve\` loads the newest version of \`${name}\` in ${at.text} when it starts (\`mlpipe promote ${name} N ${at.text}\` moves version N there).`,
  ];
  const registered = a.binding.registered.get(name);
  const stage = registered ? registerStage(a, registered.attrs.get('stage')?.value) : undefined;
  if (stage !== undefined && stage !== at.text)
    lines.push('', `This file registers new versions in \`${stage}\`: a version trained from it serves here once it is ${at.text === 'production' ? 'promoted' : 'moved'} to ${at.text}.`);
  return { ...span, text: lines.join('\n') };
}

/**
 * A `serve { defaults { column = … } }` entry: the column, and whether a request for the served
 * model carries it (`servedRequestFields`, what `/metadata` lists): a default for a column no
 * served feature reads fills nothing.
 */
function serveDefaultHover(a: DocAnalysis, column: string): string | undefined {
  const primary = a.binding.primary;
  const head = columnHover(a, primary, column);
  if (!head) return undefined;
  let fields;
  try {
    fields = servedRequestFields(a.binding);
  } catch (e) {
    if (isRefusal(e)) return head;
    throw e;
  }
  if (!fields) return head;
  const field = fields.find((f) => f.column === column);
  const line = field
    ? `- Serve default: filled into a request without \`${column}\`, which ${field.features.map((n) => '`' + n + '`').join(', ')} read${field.features.length === 1 ? 's' : ''}.`
    : `- Serve default: no feature of the served model reads \`${column}\`, so this default fills nothing.`;
  return `${head}\n${line}`;
}

/** The stage a `register` block gives new versions: its `stage` keyword, or the default. */
function registerStage(a: DocAnalysis, value: Expr | undefined): string | undefined {
  if (value === undefined) return REGISTER_STAGES[0];
  const text = exprText(a.text, value);
  return oneOf(REGISTER_STAGES, text) ? text : undefined;
}

function identHover(a: DocAnalysis, id: Ident, parent: SpanNode | undefined, path: SpanNode[]): string | undefined {
  const { block, parent: outer } = blockAt(path);
  if (parent?.kind === 'Pipeline') return '**pipeline** — names the pipeline this file describes: data, features, model, gates, registry, serving and monitoring.';
  if (parent?.kind === 'Block' && id === parent.type) {
    if (parent.type.name === 'data' && parent.name) return tableHover(a, a.binding.tables.get(parent.name.name));
    const spec = BLOCKS[id.name];
    return spec ? `**${spec.kind}** block\n\n${spec.doc}${attributeList(spec.attributes)}` : undefined;
  }
  if (parent?.kind === 'Block' && id === parent.name) {
    if (parent.type.name === 'data') return tableHover(a, a.binding.tables.get(id.name));
    return undefined; // models and registered models: symbolHover
  }
  if (parent?.kind === 'Attribute' && block && id === parent.name) {
    if (outer?.type.name === 'serve' && block.type.name === 'defaults') return serveDefaultHover(a, id.name);
    const spec = attributeSpec(block, outer, parent.name.name);
    return spec ? `**${parent.name.name}** (\`${block.type.name}\`)\n\n${spec.doc}${valuesLine(spec)}` : undefined;
  }
  // A bare keyword value: `kind = mlp` (the value is a one-part reference).
  const attr = path[path.length - 3];
  if (parent?.kind === 'Reference' && attr?.kind === 'Attribute' && attr.value === parent && block) {
    const spec = attributeSpec(block, outer, attr.name.name);
    if (spec?.kind === 'keyword') return `\`${id.name}\` — value of **${spec.name}**\n\n${spec.doc}${valuesLine(spec)}`;
  }
  if (parent?.kind === 'Require') {
    if (id === parent.keyword) return '**require** `METRIC OP VALUE` — a gate on the test split: the model is registered only when it passes.';
    if (id === parent.metric) {
      const m = METRICS[id.name];
      return m ? `**${id.name}** (${m.task}, ${m.higherIsBetter ? 'higher' : 'lower'} is better, values ${rangeText(m.range)})\n\n${m.doc}` : undefined;
    }
  }
  if (parent?.kind === 'Drift') {
    if (id === parent.keyword) return '**drift** `TARGET STAT OP VALUE` — compares live inputs or predictions with the training data in each window.';
    if (id === parent.stat) {
      if (!isDriftStatistic(id.name)) return undefined;
      const s = DRIFT_STATISTIC_INFO[id.name];
      return `**${id.name}** (${s.drifted === 'high' ? 'larger' : 'smaller'} with more drift, values ${rangeText(s.range)}) — ${s.description}`;
    }
    if (id === parent.target && id.name === 'prediction') return '**prediction** — the served model\'s output distribution.';
  }
  if (parent?.kind === 'Feature' && id === parent.keyword)
    return '**feature** `NAME = EXPR` — defined once, computed by the same code for training, batch scoring and serving.';
  if (parent?.kind === 'Call' && id === parent.callee) {
    const t = catalogueEntry(id.name)?.spec;
    return t ? `\`\`\`mlpipe\n${t.signature}\n\`\`\`\n${t.doc}${t.fitted ? '\n\n*Fitted on the training split.*' : ''}` : undefined;
  }
  // The keyword of a transform's `fit = …`, as a keyword attribute's value is shown.
  const arg = path[path.length - 3];
  if (parent?.kind === 'Reference' && arg?.kind === 'Arg' && arg.value === parent && arg.name) {
    const call = path[path.length - 4];
    const spec = call?.kind === 'Call' ? catalogueEntry(call.callee.name)?.spec.args.find((s) => s.name === arg.name!.name) : undefined;
    if (spec?.kind === 'fit' && oneOf(FIT_SCOPES, id.name)) return `\`${id.name}\` — value of **${spec.name}**\n\n${spec.doc}\n\nValues: ${FIT_SCOPES.map((v) => '`' + v + '`').join(', ')}`;
  }
  if (parent?.kind === 'Arg' && id === parent.name) {
    const call = path[path.length - 3];
    const spec = call?.kind === 'Call' ? catalogueEntry(call.callee.name)?.spec.args.find((s) => s.name === id.name) : undefined;
    return spec ? `**${spec.name}** — ${spec.doc}` : undefined;
  }
  return undefined;
}

function attributeSpec(block: Block, outer: Block | undefined, name: string): AttributeSpec | undefined {
  if (outer?.type.name === 'serve' && block.type.name === 'defaults') return undefined;
  return BLOCKS[block.type.name]?.attributes.find((s) => s.name === name);
}

function attributeList(attrs: AttributeSpec[]): string {
  if (attrs.length === 0) return '';
  return '\n\n' + attrs.map((s) => `- \`${s.name}\`${s.required ? ' (required)' : ''}: ${s.doc}`).join('\n');
}

function valuesLine(spec: AttributeSpec): string {
  return spec.values ? `\n\nValues: ${spec.values.map((v) => '`' + v + '`').join(', ')}` : '';
}

function symbolHover(a: DocAnalysis, offset: number): string | undefined {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) return undefined;
  const b = a.binding;
  switch (occ.kind) {
    case 'feature': {
      const f = b.features.get(occ.name);
      return f ? featureHover(a, f) : undefined;
    }
    case 'table':
      return tableHover(a, b.tables.get(occ.name));
    case 'column':
      return columnHover(a, occ.table ? b.tables.get(occ.table) : undefined, occ.name);
    case 'model': {
      const m = b.models.get(occ.name);
      if (!m) return undefined;
      const kind = m.attrs.get('kind')?.value;
      return `**model ${m.name}**${kind ? ` (${exprText(a.text, kind)})` : ''}\n\nInputs: ${m.inputs.map((i) => '`' + i.name + '`').join(', ') || 'none'}`;
    }
    case 'registered': {
      const r = b.registered.get(occ.name);
      if (!r) return undefined;
      // The stage a run registers in, which is not the one `serve` names after `@` (its own hover).
      const stage = registerStage(a, r.attrs.get('stage')?.value);
      return `**registered model ${r.name}** from \`${r.from?.name ?? '?'}\`${stage ? `; a run registers its version in \`${stage}\`` : ''}`;
    }
  }
}

function exprText(text: string, e: Expr): string {
  return text.slice(e.start, e.end);
}

export function tableHover(a: DocAnalysis, t: TableSymbol | undefined): string | undefined {
  if (!t) return undefined;
  const role = t.target !== undefined ? `primary table (target \`${t.target}\`)` : 'history table';
  const info = tableData(a, t);
  // One title, then one field per line (list items: markdown joins plain lines into one paragraph).
  const lines = [`**data ${t.name}**: ${role}`, `- Source: \`${t.source ?? '?'}\``];
  if (!info) return lines.join('\n');
  if (info.status === 'missing') lines.push(`- The file does not exist (${info.path}).`);
  else if (info.status === 'mutable') lines.push('- A URL or glob: no single file version, so no data-aware checks.');
  else if (info.status === 'unreadable') lines.push(`- Unreadable: ${info.error ?? 'unknown error'}`);
  if (info.status !== 'ok') return lines.join('\n');
  lines.push(`- Format: ${info.format ?? '?'}`);
  lines.push(`- Rows read: ${info.rowsRead ?? 0}${info.sampled ? ' (sampled: the file is larger than \`mlpipe.data.maxSampleBytes\`)' : ''}`);
  if (info.hash) {
    const pin =
      t.version === undefined ? 'not pinned' : t.version === info.hash ? 'pinned version **matches** the file' : '**does not match** the pinned version';
    lines.push(`- Content hash: \`${info.hash.slice(0, 19)}…\`, ${pin}`);
  }
  if (info.columns?.length) {
    lines.push('', '| column | type | missing | values |', '| --- | --- | --- | --- |');
    for (const c of info.columns) {
      const s = columnSummary(info, t, c);
      lines.push(`| ${columnName(c.name)}${roleOf(t, c.name)} | ${s.kind === 'time' ? 'time' : (c.type ?? 'empty')} | ${missingShare(info, c)} | ${s.summary} |`);
    }
    const rows = sampleRows(info, t);
    if (rows.length) lines.push('', `First ${rows.length - 2} rows:`, '', ...rows);
  }
  // Not in the table above, so say why they are missing from it (`backend/data/parquet.ts`).
  const unread = info.unread && unreadSummary(info.unread);
  if (unread) lines.push('', unread);
  return lines.join('\n');
}

/**
 * A column's name in the hover's column table: as code when it is a name the file can write, else
 * literal (`cell`), as the sample rows' header shows it: a header such as 'plan|type' or
 * 'price `usd`' in a code span split the row into an extra cell or ended the span early.
 */
function columnName(name: string): string {
  return isIdentifier(name) ? '`' + name + '`' : cell(name);
}

function roleOf(t: TableSymbol, column: string): string {
  return column === t.target ? ' (target)' : column === t.key ? ' (key)' : column === t.time ? ' (time)' : '';
}

function columnHover(a: DocAnalysis, t: TableSymbol | undefined, column: string): string | undefined {
  if (!t) return undefined;
  const info = tableData(a, t);
  const head = `**${t.name}.${column}**: column of \`${t.source ?? t.name}\`${roleOf(t, column)}`;
  if (info?.status !== 'ok') return `${head}\n- The data was not read.`;
  const c = info.columns?.find((x) => x.name === column);
  if (!c) return `${head}\n- Not a column of the file.`;
  const s = columnSummary(info, t, c);
  return [
    head,
    `- Type: ${s.kind === 'time' ? `time (${c.type ?? 'empty'} values)` : (c.type ?? 'empty (no values)')}`,
    `- Missing: ${c.missing} of ${info.rowsRead ?? 0} rows read (${missingShare(info, c)})${info.sampled ? ', sampled' : ''}`,
    `- Values: ${s.summary}`,
  ].join('\n');
}

export function featureHover(a: DocAnalysis, f: FeatureSymbol): string {
  const b = a.binding;
  // The definition is the title: no bold name above it repeating it.
  const code = `feature ${f.name} = ${exprText(a.text, f.decl.value)}`;
  // A fence longer than any run of backticks in the code: a string holding '```' ended a plain one.
  const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const lines = [fence + 'mlpipe', code, fence];
  const deps = [...new Set(f.features)].map((n) => '`' + n + '`');
  const cols = [...new Set(f.columns.map((c) => `${c.table}.${c.column}`))].map((n) => '`' + n + '`');
  lines.push(`- Reads features: ${deps.join(', ') || 'none'}; columns: ${cols.join(', ') || 'none'}`);
  lines.push(...windowLines(b, f.decl.value));
  lines.push(`- ${fittedLine(f.decl.value)}`);
  lines.push(`- ${usedByLine(b, f.name)}`);
  return lines.join('\n');
}

/**
 * How each window of the expression joins: which rows of its history table it reads for an
 * example (those sharing the key the engine joins on, `windowJoinColumn`) and up to which time.
 */
function windowLines(b: Binding, expr: Expr): string[] {
  const primary = b.primary;
  const out: string[] = [];
  for (const w of windowsIn(expr)) {
    const history = w.history === undefined ? undefined : b.tables.get(w.history);
    // A history table without a key is the checker's error: nothing to say here.
    if (!history?.key || !primary) continue;
    const asOf = asOfColumn(w, primary.name);
    const until = asOf === undefined ? '' : `, up to its \`${primary.name}.${asOf}\``;
    const line = `- \`${w.callee}\` reads the \`${history.name}\` rows whose \`${history.key}\` is the example's \`${primary.name}.${windowJoinColumn(primary.key, history.key)}\`${until}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** What fitting learns for this feature's own calls, by the catalogue (`fits`): what the engine fits and saves. */
export function fittedLine(expr: Expr): string {
  const fitted: string[] = [];
  let literal = false;
  walk(expr, (n) => {
    if (n.kind !== 'Call') return;
    const bound = bindArgs(n);
    if (!bound?.spec.fitted || bound.problems.length > 0) return;
    const stats = fittedStatistics(n);
    if (stats.length > 0) fitted.push(`\`${n.callee.name}\`: ${stats.join(', ')}`);
    else if (bound.spec.args.some((s) => s.literalStatistic && bound.values.has(s.name))) literal = true;
  });
  if (fitted.length) return `Fitted on the training split (${[...new Set(fitted)].join('; ')}); the state is saved with the model.`;
  return literal ? 'Not fitted: given literal statistics.' : 'Not fitted: computed row by row.';
}

function usedByLine(b: Binding, name: string): string {
  const direct: string[] = [];
  const through: string[] = [];
  for (const m of b.models.values()) {
    if (m.inputs.some((i) => i.name === name)) direct.push(m.name);
    else if (b.featureClosure(m.inputs.map((i) => i.name)).has(name)) through.push(m.name);
  }
  if (!direct.length && !through.length) return 'Used by no model.';
  const parts = [];
  if (direct.length) parts.push(`directly by ${direct.map((n) => '`' + n + '`').join(', ')}`);
  if (through.length) parts.push(`through other features by ${through.map((n) => '`' + n + '`').join(', ')}`);
  return `Used ${parts.join('; ')}.`;
}
