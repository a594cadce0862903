/**
 * Follows a served pipeline file for edits of its `monitor` block (`monitorChange`), which a
 * running server does not apply: it says so once per change instead.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { analyze } from '../../mlpipe/index.js';
import { readPipelineFile } from '../check/pipelineFile.js';
import { servingConfig, type ServingConfig } from './config.js';
import { monitorChange } from './monitorChange.js';

/**
 * Reads `file` when called and calls `onChange` with the words of its monitor block's change
 * against `running`, once per new change (a save that changes nothing more says nothing).
 */
export function monitorBlockReader(file: string, running: ServingConfig, onChange: (change: string) => void): () => Promise<void> {
  let said: string | undefined;
  let reading = false;
  return async () => {
    if (reading) return;
    reading = true;
    try {
      // The same model as the server's, so a file whose serve block lost its model (or a --model server) reads too.
      const edited = servingConfig(analyze(await readPipelineFile(file)).binding, running.model);
      const change = monitorChange(running.monitor, edited.monitor);
      if (change !== undefined && change !== said) onChange(change);
      said = change;
    } catch {
      // Half an edit, or a line serving would refuse: nothing to compare yet; the next save is read again.
    } finally {
      reading = false;
    }
  };
}

/** Calls `onChange` with the words of each new change of `file`'s monitor block against `running`; returns the stop. */
export function watchMonitorBlock(file: string, running: ServingConfig, onChange: (change: string) => void, intervalMs = 1000): () => void {
  const check = monitorBlockReader(file, running, onChange);
  const listener = (): void => void check();
  // A stat every interval, as history files are followed: a watch misses editors that replace the file.
  watchFile(file, { interval: intervalMs, persistent: false }, listener);
  return () => unwatchFile(file, listener);
}
