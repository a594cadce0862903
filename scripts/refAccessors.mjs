// One-off, re-runnable rewrite (session 48, s48e): every read of a `Reference`'s `.parts` outside
// syntax/ goes through the accessors of server/mlpipe/syntax/reference.ts, so the node's shape can
// change behind them. Run from the repository root: node scripts/refAccessors.mjs
// It is idempotent (a second run changes nothing) and prints what is left for a person to read.
import { readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, relative } from 'node:path';

const ACCESSORS = 'server/mlpipe/syntax/reference.ts';
// `.parts` that are no Reference's: other types' fields of the same name.
const NOT_REFERENCES = new Set(['fill']);
// Readers that name the parts in ways the patterns below do not cover, rewritten as written here.
const BY_HAND = {
  'server/mlpipe/checker/rules/unknownReference.ts': [
    [
      `    const parts = ref.parts;
    if (!ref.at && parts.length === 1 && ctx.binding.features.has(parts[0].name)) return;
    if (!ref.at && parts.length === 2) {
      const table = ctx.binding.tables.get(parts[0].name);
      if (table && ctx.mayBeColumn(table, parts[1].name)) return;`,
      `    const count = refPartCount(ref);
    if (!ref.at && count === 1 && ctx.binding.features.has(refPart(ref, 0))) return;
    if (!ref.at && count === 2) {
      const table = ctx.binding.tables.get(refPart(ref, 0));
      if (table && ctx.mayBeColumn(table, refPart(ref, 1))) return;`,
    ],
    ['  const parts = ref.parts;\n  if (ref.at) {', '  const parts = refIdents(ref);\n  if (ref.at) {'],
  ],
  'server/mlpipe/language/timeColumns.ts': [
    [
      `  const parts = w.asOf?.parts;
  if (!parts) return undefined;
  return parts.length === 1 ? parts[0].name : parts.length === 2 && parts[0].name === primary ? parts[1].name : undefined;`,
      `  const r = w.asOf;
  if (!r) return undefined;
  const count = refPartCount(r);
  return count === 1 ? refPart(r, 0) : count === 2 && refPart(r, 0) === primary ? refPart(r, 1) : undefined;`,
    ],
  ],
  // a place to colour, not a node to keep
  'server/lsp/semanticTokens.ts': [['add(e.parts[0], ', 'add(refPartSpan(e, 0), ']],
  'server/mlpipe/checker/rules/invalidValue.ts': [['    const [t, c] = item.parts;', '    const t = refPartIdent(item, 0);\n    const c = refPartIdent(item, 1);']],
};

const X = String.raw`([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)`;
const PATTERNS = [
  // the dotted name: `p.name` joined by '.'
  [new RegExp(String.raw`${X}\.parts\.map\(\(?(\w+)\)? => \2\.name\)\.join\('\.'\)`, 'g'), (x) => `refName(${x})`],
  [new RegExp(String.raw`${X}\.parts\.map\(\(?(\w+)\)? => \2\.name\)`, 'g'), (x) => `refNames(${x})`],
  // the last part
  [new RegExp(String.raw`${X}\.parts\[${X}\.parts\.length - 1\]\.name`, 'g'), (x, y) => (x === y ? `refPart(${x}, refPartCount(${x}) - 1)` : null)],
  [new RegExp(String.raw`${X}\.parts\[(\d+)\]\??\.name`, 'g'), (x, i) => `refPart(${x}, ${i})`],
  [new RegExp(String.raw`${X}\.parts\.length`, 'g'), (x) => `refPartCount(${x})`],
  [new RegExp(String.raw`${X}\.parts\[(\d+)\]`, 'g'), (x, i) => `refPartIdent(${x}, ${i})`],
];

const files = execSync(String.raw`grep -rlE '\.parts\b' server extension webviews test bench --include=*.ts`, { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.startsWith('server/mlpipe/syntax/'));
for (const file of files) {
  const before = readFileSync(file, 'utf8');
  let text = before;
  for (const [from, to] of BY_HAND[file] ?? []) text = text.replace(from, to);
  for (const [re, make] of PATTERNS)
    text = text.replace(re, (all, ...groups) => {
      if (NOT_REFERENCES.has(groups[0])) return all;
      return make(...groups) ?? all;
    });
  if (text === before) continue;
  const used = ['refName', 'refNames', 'refPart', 'refPartCount', 'refPartIdent', 'refPartSpan', 'refIdents'].filter((n) => new RegExp(String.raw`\b${n}\(`).test(text));
  let from = relative(dirname(file), ACCESSORS).replace(/\.ts$/, '.js');
  if (!from.startsWith('.')) from = './' + from;
  const existing = new RegExp(String.raw`import \{ ([^}]*) \} from '${from.replace(/[.]/g, '\\.')}';\n`);
  const m = existing.exec(text);
  const names = [...new Set([...(m ? m[1].split(',').map((s) => s.trim()) : []), ...used])].sort();
  const line = `import { ${names.join(', ')} } from '${from}';\n`;
  if (m) text = text.replace(existing, line);
  else {
    // after the last import at the top
    const imports = [...text.matchAll(/^import [^;]*;\n/gm)];
    const at = imports.length ? imports[imports.length - 1].index + imports[imports.length - 1][0].length : 0;
    text = text.slice(0, at) + line + text.slice(at);
  }
  writeFileSync(file, text);
  console.log('rewrote', file);
}
const left = execSync(String.raw`grep -rnE '\.parts\b' server extension webviews test bench --include=*.ts || true`, { encoding: 'utf8' });
console.log('left (read each: a Reference among them is a miss):\n' + left);
