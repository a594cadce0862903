import { saveUserCached } from '../runtime/codeCache.js';
import type * as ServerMain from './serverMain.js';

/**
 * The language server's entry. Built, it is small (dist/server.js) and loads the server itself
 * (dist/serverMain.js) through V8's code cache, as the extension and the CLI load theirs: the
 * build routes the require below there (scripts/build.mjs). Run from source, it is a plain require.
 */
const { firstCheckPublished } = require('./serverMain.js') as typeof ServerMain;
// The cache is written once the first complete check has compiled what a check uses, whenever
// that is: a server that lives a second still leaves one, and a server with nothing open none.
void firstCheckPublished.then(saveUserCached);
