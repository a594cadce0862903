import { existsSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the browser side (scripts/e2e-actions.mjs) does at a step, in order. */
export type UiAction =
  | { kind: 'click'; selector: string; hasText?: string; timeoutMs?: number }
  /** Waits until `selector` (with `hasText`) is visible in the page or, with `inWebview`, exists in any webview frame. */
  | { kind: 'waitFor'; selector: string; hasText?: string; inWebview?: boolean; timeoutMs?: number }
  | { kind: 'shot'; name: string }
  /** Types `text` into what has the focus (a quick pick's or an input box's field), then Enter. */
  | { kind: 'type'; text: string };

/**
 * Like `checkpoint`, but tells the browser side what to do there: click the real UI, wait for
 * something to show (in the workbench or inside a webview), take screenshots. Rejects when the
 * browser side reports that an action failed. A no-op outside scripts/e2e.mjs. `optional`: a
 * state that may be over before the page shows it; the browser side notes its failure instead
 * of failing the e2e (the step still rejects here).
 */
export function uiStep(name: string, actions: UiAction[], ms = 120_000, options: { optional?: boolean } = {}): Promise<void> {
  const dir = process.env.MLPIPE_E2E_SYNC_DIR;
  if (!dir) return Promise.resolve();
  const ack = join(dir, `${name}.ack`);
  const failed = join(dir, `${name}.failed`);
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (existsSync(failed)) done(new Error(`the browser side could not do step '${name}' (see the e2e log and failed-${name}.png)`));
      else if (existsSync(ack)) done();
    };
    const watcher = watch(dir, check);
    const timer = setTimeout(() => done(new Error(`the browser side did not finish step '${name}' within ${ms} ms`)), ms);
    const done = (e?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (e) reject(e);
      else resolve();
    };
    // Written whole, then renamed: the browser side must never read a half-written step.
    writeFileSync(join(dir, `${name}.tmp`), JSON.stringify({ actions, optional: options.optional === true }));
    renameSync(join(dir, `${name}.tmp`), join(dir, name));
    check();
  });
}
