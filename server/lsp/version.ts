import { version } from '../../package.json';

/** The server's version: the package's, so the log, `serverInfo` and the extension agree. */
export const SERVER_VERSION: string = version;
