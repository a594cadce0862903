import { existsSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Hands control to the browser side of the end-to-end run (scripts/e2e.mjs), which takes a
 * screenshot of the real UI at this point, and waits for its acknowledgement. Both sides share
 * a folder named by MLPIPE_E2E_SYNC_DIR; without it (e.g. under @vscode/test-electron) this is
 * a no-op. A name starting with 'figure-' is a measurement: its content is printed in the e2e log.
 */
export function checkpoint(name: string, ms = 90_000, content = String(Date.now())): Promise<void> {
  const dir = process.env.MLPIPE_E2E_SYNC_DIR;
  if (!dir) return Promise.resolve();
  const ack = join(dir, `${name}.ack`);
  return new Promise<void>((resolve, reject) => {
    const watcher = watch(dir, () => {
      if (existsSync(ack)) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the browser side did not acknowledge checkpoint "${name}" within ${ms} ms`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    writeFileSync(join(dir, `${name}.tmp`), content);
    renameSync(join(dir, `${name}.tmp`), join(dir, name));
    if (existsSync(ack)) done();
  });
}
