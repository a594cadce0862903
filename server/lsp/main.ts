import { saveUserCached } from '../runtime/codeCache.js';
import type * as ServerData from './serverData.js';
import type * as ServerMain from './serverMain.js';
import { StartupMarks } from './startupMarks.js';
import { withoutUnseenProcessId } from './clientProcessId.js';

const marks = new StartupMarks();
marks.mark('entry');

// Before the protocol library is loaded, which reads '--clientProcessId' from the command line then
// and ended the server 3 s later when that id names no process here (clientProcessId.ts).
const commandLine = withoutUnseenProcessId(process.argv);
process.argv = commandLine.argv;

/**
 * The language server's entry. Built, it is small (dist/server.js) and loads the server itself
 * (dist/serverMain.js) through V8's code cache, as the extension and the CLI load theirs, and
 * the data modules (dist/serverData.js) likewise, once a complete check first needs them: the
 * build routes the requires below there (scripts/build.mjs). Run from source, they are plain requires.
 */
const { start } = require('./serverMain.js') as typeof ServerMain;
marks.mark('loaded');
// The caches are written once the first complete check has compiled what a check uses, whenever
// that is: a server that lives a second still leaves them, and a server with nothing open none.
void start(() => require('./serverData.js') as typeof ServerData, marks, commandLine.unseen).then(saveUserCached);
