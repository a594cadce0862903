// A reporter of the runner (scripts/test-run.mjs): the number of results (test:pass, test:fail)
// that reached the runner, by the file each names, as JSON at the end, to hold against what the
// test files' processes say they wrote (scripts/test-file-end.mjs).
export default async function* countResults(source) {
  const results = {};
  for await (const { type, data } of source) {
    if (type === 'test:pass' || type === 'test:fail') results[data.file ?? ''] = (results[data.file ?? ''] ?? 0) + 1;
  }
  yield JSON.stringify(results);
}
