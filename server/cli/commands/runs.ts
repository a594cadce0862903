import { statSync } from 'node:fs';
import { ioReason, notAFile } from '../../backend/data/fileCalls.js';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findProjectRoot } from '../../backend/pipeline/projectRoot.js';
import { deleteRuns, unknownRunToDelete } from '../../backend/tracking/deleteRuns.js';
import { systemProbe } from '../../backend/tracking/liveness.js';
import { DB_DIR, DB_FILE, storeExists } from '../../backend/tracking/database.js';
import { openStore, type DamagedRun } from '../../backend/tracking/store.js';
import { gatesSummary, listedMetrics } from '../../mlpipe/evaluate/gateText.js';
import type { RunsDeleteOutput, RunsOutput } from '../../protocol/cli.js';
import { CliError, paint, shownPath, useColor } from '../output.js';

import { RUNS_DELETE_USAGE, RUNS_USAGE } from '../usage.js';

export { RUNS_DELETE_USAGE, RUNS_USAGE } from '../usage.js';

export async function runsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals[0] === 'delete') return deleteCommand(positionals.slice(1), values.json, values.force);
  if (values.force) throw new CliError(`usage: ${RUNS_USAGE} (--force is for 'mlpipe runs delete')`);
  if (positionals.length > 1) throw new CliError(`usage: ${RUNS_USAGE}`);
  const file = positionals[0] ? resolve(positionals[0]) : undefined;
  const root = findProjectRoot(file ? dirname(file) : process.cwd(), { make: false });
  // Read-only where this user may not write the store (a copied CI artifact, a read-only mount).
  const store = storeExists(root) ? openStore(root, { readOnly: true }) : undefined;
  try {
    const listed = store?.listRunsMarked(file ? { pipelinePath: file } : {}) ?? [];
    // A FILE that is not there (or is a folder) and has no runs is a misspelt name, as 'check' and
    // 'run' say it: exit 2, the JSON error object; '[]' with exit 0 read as a pipeline never run.
    // A pipeline since moved or deleted still lists the runs it had.
    const missing = file && listed.length === 0 ? notAPipelineFile(file) : undefined;
    if (missing) throw new CliError(`mlpipe runs: cannot read ${positionals[0]}: ${missing} (and ${shownPath(root)}/.mlpipe has no runs of it)`, 2);
    const runs = listed.filter((r): r is Exclude<typeof r, DamagedRun> => !('damaged' in r));
    // A damaged run is shown in its place (text) or named on stderr (JSON keeps its shape): by
    // id, so it can be inspected or deleted; the other runs are listed.
    const damaged = listed.filter((r): r is DamagedRun => 'damaged' in r);
    if (values.json) {
      for (const d of damaged) process.stderr.write(`warning: ${d.damaged}; it is left out of the list\n`);
      const out: RunsOutput = runs.map(({ pipelineText: _t, environment: _e, ...r }) => ({ runId: r.id, ...r }));
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    const color = useColor(process.stdout);
    if (listed.length === 0) {
      const where = `${shownPath(root)}/.mlpipe`;
      // With a FILE, 'no runs yet' read as an empty store, and a misspelt name listed nothing without a word.
      const none = file ? `no runs of ${positionals[0]} in ${where}` : `no runs yet in ${where}`;
      process.stdout.write(`${none}\n`);
      return 0;
    }
    for (const r of listed) {
      if ('damaged' in r) {
        process.stdout.write(`${r.id}  ${paint(color, 'red', 'damaged').padEnd(color ? 20 : 11)} ${r.pipelineName}  ${r.damaged}\n`);
        continue;
      }
      const status = r.status === 'completed' ? paint(color, 'green', r.status) : r.status === 'running' ? paint(color, 'cyan', r.status) : paint(color, 'red', r.status);
      const metrics = listedMetrics(r.metrics ?? {}, r.gates);
      const gates = gatesSummary(r);
      // Another host's process cannot be checked from here, so such a run is never marked interrupted: say so.
      const elsewhere = r.status === 'running' && r.hostname !== systemProbe.hostname ? `  (process ${r.pid} on host '${r.hostname}', which this machine cannot check)` : '';
      // The model too: a pipeline with several ('--model NAME') listed their runs alike.
      const model = typeof r.params.model === 'string' ? `  ${r.params.model}` : '';
      process.stdout.write(`${r.id}  ${status.padEnd(color ? 20 : 11)} ${r.pipelineName}${model}  ${r.backend ?? '-'}  ${metrics}  ${gates}${r.parentRunId ? `  (reproduces ${r.parentRunId})` : ''}${r.notes ? `  (${r.notes})` : ''}${r.error ? `  ${r.error}` : ''}${elsewhere}\n`);
    }
    return 0;
  } finally {
    store?.close();
  }
}

/** Why `file` is no pipeline file (not there, a folder, a device), or undefined when it is a file. */
function notAPipelineFile(file: string): string | undefined {
  try {
    return notAFile(statSync(file));
  } catch (e) {
    return ioReason(e);
  }
}

/** 'mlpipe runs delete ID...': the project of the working folder; all the runs or none. */
function deleteCommand(ids: string[], json: boolean, force: boolean): number {
  if (ids.length === 0) throw new CliError(`usage: ${RUNS_DELETE_USAGE}`);
  const root = findProjectRoot(process.cwd(), { make: false });
  // Where no store is, no run is: said without making a store (and a '.mlpipe/' folder) to say it.
  if (!storeExists(root)) throw unknownRunToDelete(ids[0], join(root, DB_DIR, DB_FILE));
  const store = openStore(root);
  try {
    const out: RunsDeleteOutput = deleteRuns(store, ids, { force });
    if (json) {
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(`deleted ${out.deleted.length} run${out.deleted.length === 1 ? '' : 's'}: ${out.deleted.join(' ')}\n`);
    for (const left of out.leftFolders) process.stderr.write(`warning: artifacts folder not removed: ${left}\n`);
    return 0;
  } finally {
    store.close();
  }
}
