/**
 * A `data` block's `version`: 'sha256:' and the 64 hex digits of the file's SHA-256, in either
 * letter case: `sha256sum` prints lowercase, PowerShell's `Get-FileHash` uppercase, and both name
 * the same bytes.
 */
export const DATA_VERSION = /^sha256:[0-9a-fA-F]{64}$/;

/**
 * The pinned version as hashes are computed and recorded (lowercase hex), so an uppercase pin of
 * the right file matches it; any other text is left as written, for the check to report.
 */
export function pinnedVersion(text: string | undefined): string | undefined {
  return text !== undefined && DATA_VERSION.test(text) ? text.toLowerCase() : text;
}
