/** The transform catalogue lives in `server/mlpipe/transforms/`, one file per transform. */
export * from '../transforms/index.js';
