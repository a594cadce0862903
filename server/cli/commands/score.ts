import { realpathSync, rmSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { columnTexts, formatOf, loadTable } from '../../backend/data/load.js';
import { getColumn, type Table } from '../../mlpipe/data/table.js';
import { Suggester } from '../../mlpipe/checker/suggest.js';
import { paddingWords, trimInvisible } from '../../mlpipe/checker/context.js';
import type { RequestField } from '../../mlpipe/features/request.js';
import { Scorer } from '../../backend/serve/scorer.js';
import { loadServedModel } from '../../backend/serve/served.js';
import { DB_DIR } from '../../backend/tracking/database.js';
import { reason } from '../../backend/tracking/folders.js';
import { argumentsError, CliError } from '../output.js';
import { readableFile } from '../pipelineFiles.js';
import { STDIN_NAME } from '../stdinPipeline.js';
import { spoolStdin } from '../stdinSpool.js';
import { checkModelOption, serveOrReport } from './serve.js';
import { SCORE_USAGE } from '../usage.js';

export { SCORE_USAGE };

/** RFC 4180 quoting, only where needed. */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The path with its links resolved (its folder's, when the file is not there yet). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * A column the model reads that the file lacks while it has one of a close name ('sqf' for
 * 'sqft'): a typo in a header, which would otherwise score every row with the column's default
 * (or be refused as absent without the hint). /predict refuses such a field by name; so does this.
 */
function misspeltColumn(table: Table, fields: readonly RequestField[], input: string): void {
  const read = new Set(fields.map((f) => f.column));
  const names = table.columns.map((c) => c.name);
  const present = new Set(names);
  const near = new Suggester(names.filter((n) => !read.has(n)));
  for (const f of fields) {
    if (present.has(f.column)) continue;
    // A header with spaces around the name (' x', as a CSV written with ', ' has) is too far from
    // a short name for the suggester: every row was scored on the column's fill, with a note
    // that told to rename a column the file seemed to have. Said as the check says it.
    const padded = names.find((n) => trimInvisible(n) === f.column);
    if (padded !== undefined) throw new CliError(`mlpipe: ${input} has no column '${f.column}', which the model reads, but has '${padded}', with ${paddingWords(padded, f.column)}`, 1);
    const close = near.closest(f.column);
    if (close === undefined) continue;
    const otherwise = f.covered ? `, or drop it to score every row with '${f.column}' filled as training fills it` : '';
    throw new CliError(`mlpipe: ${input} has no column '${f.column}', which the model reads, but has '${close}': rename that column${otherwise}`, 1);
  }
}

/**
 * The output's header: the input's columns it keeps (the key, then `--keep`'s) under their own
 * names (the output joins to its input by them), then the score's columns. A score column that a
 * kept column's name takes (a key called 'prediction', or 'probability_1' beside a class 1) gets
 * the first free `_1`, `_2`… suffix, as DuckDB names a repeated column: a header naming a column
 * twice is one most CSV readers refuse or mangle.
 */
function outputHeader(kept: readonly string[], added: readonly string[]): { header: string[]; renamed: Array<[string, string]> } {
  const own = new Set(kept);
  const taken = new Set([...kept, ...added]);
  const renamed: Array<[string, string]> = [];
  const header = added.map((name) => {
    if (!own.has(name)) return name;
    let n = 1;
    while (taken.has(`${name}_${n}`)) n++;
    const free = `${name}_${n}`;
    taken.add(free);
    renamed.push([name, free]);
    return free;
  });
  return { header: [...kept, ...header], renamed };
}

/** `--keep a,b`: the input's columns to write beside the key, each once, in the order given. */
function keptColumns(keep: string | undefined, key: string | undefined, table: Table, input: string): string[] {
  if (keep === undefined) return [];
  const names = keep.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new CliError(`mlpipe score: --keep takes column names separated by commas, got '${keep}'`, 2);
  const out: string[] = [];
  for (const name of names) {
    if (!getColumn(table, name)) {
      const close = new Suggester(table.columns.map((c) => c.name)).closest(name);
      throw new CliError(`mlpipe score: --keep names '${name}', which ${input} does not have${close ? ` (did you mean '${close}'?)` : ''}`, 2);
    }
    if (name !== key && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Whether `path` is something other than a file or folder: a pipe, a device, a socket. */
function isStream(path: string): boolean {
  try {
    const s = statSync(path);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Batch scoring with the served model and the same engine: the primary table's key column is
 * kept as the input writes it and `prediction` added (multiclass: the label, then one
 * probability column per class). Numbers are written as JSON writes them, so a score equals
 * `/predict` bit for bit. A row `/predict` would refuse fails the command (exit 1, nothing
 * written), and the output is written to a temporary file renamed into place.
 */
export async function scoreCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { input: { type: 'string' }, output: { type: 'string' }, model: { type: 'string' }, keep: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !values.input || !values.output)
    throw argumentsError('score', SCORE_USAGE, ['FILE'], positionals, [...(values.input ? [] : ['--input IN.csv']), ...(values.output ? [] : ["--output OUT.csv (or '-' for stdout)"])]);
  checkModelOption('score', values.model);
  // '--input -' is stdin, as for check and format: spooled to a file, since the loader reads a
  // file twice (the kept columns' cells as written) and a Parquet reader seeks.
  const fromStdin = values.input === '-';
  const input = fromStdin ? STDIN_NAME : values.input;
  if (fromStdin && process.stdin.isTTY)
    throw new CliError(`mlpipe score: --input - reads the rows from stdin, and stdin is a terminal: pipe them in (mlpipe score ${positionals[0]} --input - --output OUT.csv < new.csv), or give --input IN.csv`, 2);
  const output = values.output;
  // Score writes CSV: under a Parquet name every Parquet reader (mlpipe's included) refuses it.
  if (formatOf(output) === 'parquet') throw new CliError(`mlpipe score: --output ${output} names a Parquet file, and score writes CSV: give it a .csv name`, 2);
  readableFile(positionals[0], 'score', { pipeline: true });
  if (!fromStdin) readableFile(input, 'score', { data: true });
  const spool = fromStdin ? await spoolStdin(output) : undefined;
  const path = spool?.path ?? input;
  try {
    return await scoreWith(positionals[0], values, input, path, output, async () => spool?.release());
  } finally {
    await spool?.release();
  }
}

/** `inputRead` is called once the input file is read whole, before the scoring: stdin's spool is let go there. */
async function scoreWith(file: string, values: { model?: string; keep?: string }, input: string, inputPath: string, output: string, inputRead: () => Promise<void>): Promise<number> {
  return serveOrReport('score', file, async () => {
    const served = await loadServedModel(file, { model: values.model, monitor: false });
    // Never over the file being scored, nor over data the pipeline trains on (pinned by hash).
    // '--output -' is stdout, as for most tools that write a file: it made a file named '-'.
    const toStdout = output === '-';
    const target = toStdout ? '' : real(output);
    if (!toStdout && inputPath === input && target === real(input)) throw new CliError(`mlpipe score: --output ${output} is the --input file: write the scores to another file`, 2);
    const source = served.sources.find((s) => real(s) === target);
    if (source) throw new CliError(`mlpipe score: --output ${output} is a source of the pipeline (${source}): write the scores to another file`, 2);
    // Nor over the pipeline file, nor anything in the run folder (the run store, the models, the
    // prediction log): a mistyped --output replaced the pipeline or the run store with scores.
    if (target === real(served.file)) throw new CliError(`mlpipe score: --output ${output} is the pipeline file: write the scores to another file`, 2);
    const runFolder = real(join(served.root, DB_DIR));
    if (!toStdout && (target === runFolder || target.startsWith(runFolder + sep))) throw new CliError(`mlpipe score: --output ${output} is inside mlpipe's run folder (${runFolder}): write the scores to another file`, 2);
    const scorer = new Scorer(served);
    const table = await loadTable(served.run.plan.primary.name, resolve(inputPath), { source: input, text: scorer.textColumns, byName: true });
    // A file of no rows (a header line only) is refused as /predict refuses {"rows": []} and
    // /invocations a CSV body of a header only: it wrote a header-only output, exit 0, so a
    // batch whose export came out empty passed unnoticed where a request of it is a 400.
    if (table.rowCount === 0) throw new CliError(`mlpipe: ${input} ${formatOf(inputPath) === 'parquet' ? 'has no rows' : 'has a header but no rows'}: there is nothing to score, and nothing was written (/predict and /invocations refuse a request of no rows alike)`, 1);
    misspeltColumn(table, scorer.fields, input);
    const key = served.run.plan.primary.key;
    // The key as the input writes it ('007' stays '007'), when the input has it; then --keep's.
    // Read before the scoring, so that stdin's spool is gone before the long synchronous part,
    // during which Ctrl-C keeps its default action (a handler would wait for the scoring's end).
    const keyed = key !== undefined && getColumn(table, key) !== undefined;
    const kept = [...(keyed ? [key] : []), ...keptColumns(values.keep, keyed ? key : undefined, table, input)];
    const keptCells = (await columnTexts(resolve(inputPath), kept, { source: input })).map((cells) => cells!);
    await inputRead();
    // The batch path first: a column nothing covers, or text in a number column, is named as a column.
    const scored = scorer.scoreTable(table);
    // The rows /predict refuses are refused here too: the batch fails, naming them.
    const refused = scorer.refusals(table, 3, scored.ok);
    if (refused.count) {
      const where = (r: number) => (table.lines ? `line ${table.lines[r]}` : `row ${r + 1}`);
      // A spreadsheet exports rows it once held as ',,,,': each was refused field by field, every
      // field 'missing', which hid that the row is empty and that the remedy is to delete it.
      const empty = emptyRows(table);
      // Empty rows are all refused or none (they read alike): all, and nothing else, when these agree.
      if (empty.length === refused.count && refused.first.every((f) => empty.includes(f.row))) {
        const shown = empty.slice(0, 3).map(where).join(', ');
        throw new CliError(
          `mlpipe: ${empty.length} of ${table.rowCount} rows of ${input} are empty, every field (${shown}${empty.length > 3 ? ', …' : ''}), as a spreadsheet exports rows it once held: delete those lines; nothing was written`,
          1,
        );
      }
      const first = refused.first.map((f) => `${where(f.row)}: ${empty.includes(f.row) ? 'every field is empty' : f.problems.map((p) => p.problem).join('; ')}`).join('; ');
      throw new CliError(
        `mlpipe: ${refused.count} of ${table.rowCount} rows of ${input} cannot be scored, as /predict refuses them (${first}${refused.count > refused.first.length ? '; …' : ''}); nothing was written: correct those rows (each problem names what is wrong), or cover a missing field with fill_missing or a serve default`,
        1,
      );
    }
    const keyCells = keyed ? keptCells[0] : undefined;
    const { task, labels } = served.run.meta;
    const { header, renamed } = outputHeader(kept, ['prediction', ...(task === 'multiclass' ? (labels ?? []).map((l) => `probability_${l}`) : [])]);
    const lines = [header.map(cell).join(',')];
    let unscored = 0;
    for (let r = 0; r < scored.rows; r++) {
      const out: string[] = [];
      for (const cells of keptCells) out.push(cells[r] ?? '');
      if (!scored.ok[r]) {
        unscored++;
        out.push('', ...(task === 'multiclass' ? (labels ?? []).map(() => '') : []));
      } else {
        const p = scorer.prediction(scored.out, r);
        if (typeof p === 'number') out.push(String(p));
        // By class index, in the header's order: the probabilities object lists integer-like
        // keys ('7', '0') first, so its value order is not the classes' order ('-1', '0', '1';
        // ' x', '007', '7'), and a label '__proto__' is no key of it at all.
        else out.push(p.label, ...(labels ?? []).map((_, c) => String(scored.out[r * served.forward.outWidth + c])));
      }
      lines.push(out.map(cell).join(','));
    }
    // A file is replaced whole (a temporary file renamed into place), through any symbolic link
    // to it: renaming over the link replaced the link. A pipe or device (`--output /dev/stdout`,
    // a FIFO) is written as it is: renaming over it lost the scores and put a file in its place.
    const stream = !toStdout && isStream(output);
    const path = stream ? resolve(output) : target;
    const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
    // Ctrl-C or SIGTERM while the output file is written: the temporary file is removed and the
    // command says so, exit 130. Killed by the signal, it left a half-written '.OUT.tmp-PID' and
    // said nothing (SIGTERM: exit 143). Only while a temporary file exists: before, nothing is
    // on disk, and a handler would wait for the synchronous scoring, which the signal's own
    // action stops at once; stdout and a pipe or device keep that action too, since a write to
    // a pipe nobody reads blocks (stdout's the event loop itself; a FIFO's open a thread the
    // process then cannot exit past), and only the signal's action ends that.
    let written = false;
    const stop = () => {
      if (written) return;
      try {
        rmSync(temp, { force: true });
      } catch {
        // Exiting matters more than a file the system would not let go of.
      }
      process.stderr.write(`mlpipe score: interrupted: nothing was written to ${output}\n`);
      process.exit(130);
    };
    const toFile = !toStdout && !stream;
    if (toFile) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    try {
      if (toStdout) await writeStdout(lines.join('\n') + '\n');
      else if (stream) await writeFile(path, lines.join('\n') + '\n');
      else {
        await writeFile(temp, lines.join('\n') + '\n');
        await rename(temp, path);
      }
      written = true;
    } catch (e) {
      // Under a path whose folder is a file, rm fails too (ENOTDIR, which force does not ignore)
      // and would hide the write's own error behind the temporary file's name.
      await rm(temp, { force: true }).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code;
      // The folder as the user wrote it: `out/` is what to create.
      const folder = `${dirname(output)}${sep}`;
      const why = code === 'ENOENT' ? `there is no folder ${folder}` : code === 'ENOTDIR' ? `a part of ${folder} is not a folder` : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : reason(e);
      throw new CliError(`mlpipe score: cannot write ${output}: ${why}`, 2);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    for (const [from, to] of renamed) process.stderr.write(`${from === key ? 'the key column' : 'a kept column'} is named '${from}', so the score's '${from}' column is written as '${to}'\n`);
    // A covered column the file lacks is filled in every row, as a request without the field is:
    // by design, but a header that renamed it ('amount_usd') is not close enough to be caught
    // as a typo, and every score would rest on the fill without a word.
    for (const f of scorer.fields)
      if (!getColumn(table, f.column))
        process.stderr.write(`${input} has no column '${f.column}', which the model reads: every row was scored as a request without it, '${f.column}' filled as /predict fills an absent field; if the file has it under another name, rename that column\n`);
    // A key that repeats (a machine inspected ten times, a card with many transactions) cannot
    // join a score back to its row alone: say which column would, once, when none was kept.
    if (keyCells && kept.length === 1) {
      const seen = new Set<string>();
      const again = keyCells.find((k) => seen.size === seen.add(k).size);
      if (again !== undefined) {
        const time = served.run.plan.primary.time;
        const hint = time && getColumn(table, time) ? `'--keep ${time}'` : "'--keep' with a column that tells them apart";
        process.stderr.write(`the key '${key}' repeats in ${input} ('${again}' is on several rows), so a score joins back to its row only by position: add ${hint}\n`);
      }
    }
    // Without the key (a header 'ID' for 'id', an export that dropped it) nothing in the output
    // joins a score back to its row but the order: say so, and what would, once.
    if (key !== undefined && !keyed && kept.length === 0) {
      const close = new Suggester(table.columns.map((c) => c.name)).suggest(key);
      const fix = close !== undefined ? `rename '${close}' to '${key}', or add '--keep ${close}'` : "add '--keep' with a column that identifies the rows";
      process.stderr.write(`${input} has no key column '${key}'${close !== undefined ? ` (it has '${close}')` : ''}, so the output holds only the scores, in the input's row order: ${fix}\n`);
    }
    // A binary model's one column is a probability: of which class, the file cannot say (a text
    // target's 'true' or 'legit' is the later value in sort order, as docs/training.md has it).
    const positive = task === 'binary' && labels?.length === 2 ? `; 'prediction' is the probability of class '${labels[1]}'` : '';
    process.stderr.write(`scored ${scored.rows - unscored} of ${scored.rows} rows with ${served.name} v${served.version} into ${toStdout ? 'stdout' : output}${positive}\n`);
    return 0;
  });
}

/** `text` on stdout, once it is handed on (a reader that closed the pipe early is no error: the CLI ignores EPIPE). */
function writeStdout(text: string): Promise<void> {
  return new Promise((done) => process.stdout.write(text, () => done()));
}

/** The rows whose every cell is missing (only asked when rows were refused). */
function emptyRows(table: Table): number[] {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (table.columns.every((c) => (c.type === 'string' ? c.values[r] === null : Number.isNaN(c.values[r])))) rows.push(r);
  }
  return rows;
}
