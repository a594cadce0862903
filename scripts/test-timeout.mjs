// Preloaded by scripts/test.mjs: gives every test and hook a time limit unless it sets its own,
// so a hang fails that test instead of blocking CI. (Node 20's --test-timeout also limits each
// test file as a whole, which a long but healthy integration file exceeds.)
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { testTimeoutMsOrExit } from './env-integer.mjs';

const require = createRequire(import.meta.url);
const nodeTest = require('node:test');
// Unset or empty is the default (a file run directly with `MLPIPE_TEST_TIMEOUT_MS=` gave every
// test 0 ms); anything else that is no whole number of milliseconds stops before a test runs.
const ms = testTimeoutMsOrExit();

/** test(name?, options?, fn?) and hook(fn?, options?): adds `timeout` to the options. */
function limited(original) {
  const wrapped = function (...args) {
    const at = args.findIndex((a) => a !== null && typeof a === 'object');
    if (at >= 0) {
      if (args[at].timeout === undefined) args[at] = { ...args[at], timeout: ms };
    } else {
      const fn = args.findIndex((a) => typeof a === 'function');
      const isHook = fn === 0;
      if (isHook) args.splice(1, 0, { timeout: ms });
      else if (fn > 0) args.splice(fn, 0, { timeout: ms });
      else args.push({ timeout: ms });
    }
    return original.apply(this, args);
  };
  return Object.assign(wrapped, original);
}

for (const name of ['test', 'it', 'before', 'after', 'beforeEach', 'afterEach']) {
  if (typeof nodeTest[name] === 'function') nodeTest[name] = limited(nodeTest[name]);
}
syncBuiltinESMExports();
