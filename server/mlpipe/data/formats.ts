/** Name endings read as Parquet when a data block gives no 'format'; every other file is read as CSV. */
export const PARQUET_NAME = /\.(parquet|pq)$/i;

/** Names of files in a supported data format (spec: CSV or Parquet): what a missing 'source' may have meant. */
export const DATA_FILE_NAME = /\.(csv|parquet|pq)$/i;
