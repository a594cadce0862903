import { saveUserCached } from '../runtime/codeCache.js';

/**
 * The language server's entry. Built, it is small (dist/server.js) and loads the server itself
 * (dist/serverMain.js) through V8's code cache, as the extension and the CLI load theirs: the
 * build routes the require below there (scripts/build.mjs). Run from source, it is a plain require.
 */
require('./serverMain.js');
// A server is stopped, not ended: the cache is written once its first checks have compiled what
// they use. Never keeps the process alive.
setTimeout(saveUserCached, 3000).unref();
