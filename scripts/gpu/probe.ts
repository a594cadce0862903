/**
 * Prints what backend selection finds for `gpu`, as JSON: the chosen backend and adapter, or
 * every attempt with its reason. Used by scripts/gpu-check.sh.
 */
import { NoBackendError, selectBackend } from '../../server/backend/train/index.js';

async function main(): Promise<void> {
  try {
    const info = await selectBackend('gpu');
    console.log(JSON.stringify({ ok: true, ...info }, null, 1));
  } catch (e) {
    if (!(e instanceof NoBackendError)) throw e;
    console.log(JSON.stringify({ ok: false, error: e.message, tried: e.tried }, null, 1));
    process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
