import type { CheckOutput } from '../protocol/cli.js';
import type { SampledSource } from '../backend/check/checkFiles.js';
import type { Diagnostic } from '../mlpipe/index.js';
import { paint, shownPath } from './output.js';

export interface CheckedFile {
  file: string;
  diagnostics: Diagnostic[];
  /** Sources read only in part (over the sample limit): the report says so, or a clean check would overstate what it saw. */
  sampled?: readonly SampledSource[];
}

function mib(bytes: number): string {
  const m = bytes / (1024 * 1024);
  if (m < 1) return `${bytes.toLocaleString('en-US')} bytes`;
  return m >= 1024 ? `${(m / 1024).toFixed(1)} GiB` : `${m.toFixed(m < 10 ? 1 : 0)} MiB`;
}

/** The line `mlpipe check` prints for a source it read only the first rows of. */
export function sampledNote(file: string, s: SampledSource): string {
  return (
    `${file}: note: ${s.source} (${mib(s.size)}) is larger than the ${mib(s.limit)} the checker reads whole (--max-sample-bytes): ` +
    `its column types, categories and values come from its first ${s.rowsRead.toLocaleString('en-US')} rows` +
    // The columns read whole all the same: the note said the target's classes were the sample's.
    `${s.whole?.length ? ` (${s.whole.map((c) => `'${c}'`).join(', ')} from every row)` : ''}, ` +
    `and the checks that need every row (an empty split, a model input missing in every row) skip it`
  );
}

/**
 * One `file:line:col  severity  code  message` line per diagnostic, as `mlpipe check` prints
 * them (and `mlpipe run` its check's warnings).
 */
export function diagnosticLines(file: string, diagnostics: readonly Diagnostic[], color: boolean): string[] {
  const shown = shownPath(file);
  return diagnostics.map((d) => {
    const sev = d.severity === 'error' ? paint(color, 'red', 'error') : d.severity === 'warning' ? paint(color, 'yellow', 'warning') : paint(color, 'blue', 'info');
    const pos = paint(color, 'cyan', `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}`);
    return `${pos}  ${sev}  ${paint(color, 'gray', d.code)}  ${oneLine(d.message)}`;
  });
}

/**
 * A message on one line: a name the user wrote with an escape (`source = "data/t\nx.csv"`) is
 * quoted as it is, and its line break split the diagnostic across two lines, which a problem
 * matcher or a CI log reader takes for two. Control characters are shown as escapes.
 */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `file:line:col  severity  code  message` lines and a summary, as `mlpipe check` prints them. */
export function formatText(results: CheckedFile[], color: boolean): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const { file, diagnostics, sampled } of results) {
    const shown = shownPath(file);
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
    }
    lines.push(...diagnosticLines(file, diagnostics, color));
    for (const s of sampled ?? []) lines.push(paint(color, 'gray', sampledNote(shown, s)));
  }
  const n = results.length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const summary =
    errors + warnings + infos === 0
      ? paint(color, 'green', `${plural(n, 'file')} checked: no problems`)
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info in ${plural(n, 'file')}`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}

/** The rows of `mlpipe check --format json`. */
export function diagnosticRows(results: CheckedFile[]): CheckOutput {
  return results.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({ file, code: d.code, severity: d.severity, message: d.message, range: d.range })),
  );
}

export function formatJson(results: CheckedFile[]): string {
  const out: CheckOutput = diagnosticRows(results);
  return JSON.stringify(out, null, 2) + '\n';
}
