// Preloaded by scripts/test.mjs and scripts/soak.mjs (PRELOADS, test-files.mjs) into each test
// file's own process, which `node --test` starts for every file. It stands in for
// --test-force-exit, which on Linux ends that process while its pipe to the runner still holds the
// last results: those verdicts were lost and the run passed (nodejs/node#64833; 2,289 of 2,293
// tests reported). Two jobs:
// - A file whose tests and top-level `after` hooks are all done but whose process goes on (a test
//   failed before closing its server or child) is ended MLPIPE_TEST_LINGER_MS later, once stdout has
//   carried every result to the runner, with exit 1 and the kinds of handle it left open: a file
//   must close what it opens, and a hang cannot block CI.
// - It counts the results it wrote (test:pass, test:fail) and leaves that count in
//   MLPIPE_TEST_LEDGER, so the runner can tell a verdict that got lost on the way
//   (scripts/test-run.mjs).
// Outside `node --test` (a file run alone with `node --test FILE` is such a child too) without
// MLPIPE_TEST_LEDGER it only does the first.
import { AsyncResource } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Deserializer } from 'node:v8';
import { envInteger } from './env-integer.mjs';

if (process.env.NODE_TEST_CONTEXT === 'child-v8') {
  // Created before node:test sets up its async hook, so no test owns it: an `after` registered in
  // its scope is a top-level one, whenever it is registered.
  const outside = new AsyncResource('mlpipe-test-file-end');
  const lingerMs = envInteger('MLPIPE_TEST_LINGER_MS', 5000, { min: 1 });
  const { after } = createRequire(import.meta.url)('node:test');
  // Top-level `after` hooks run in order and node reads their list as it goes: this first one
  // (a preload registers before the file does) adds the last one, which runs after the file's own.
  after(() => outside.runInAsyncScope(() => after(watch)));
  let lastWrite = performance.now();
  const ledger = process.env.MLPIPE_TEST_LEDGER;
  const results = {};
  const write = process.stdout.write;
  process.stdout.write = function (chunk, ...rest) {
    lastWrite = performance.now();
    if (ledger && typeof chunk !== 'string') count(results, chunk);
    return write.call(this, chunk, ...rest);
  };
  if (ledger) process.on('exit', () => writeFileSync(join(ledger, `${process.pid}.json`), JSON.stringify({ file: process.argv[1], results })));

  function watch() {
    // Unref'd: a file that closed everything exits on its own and this never fires.
    setTimeout(end, lingerMs).unref();
  }

  // node's reporter writes the results to stdout as fast as the runner reads them, which takes a
  // while (over a second for 400 KiB under load) with no handle of the file's own open: the file is
  // ended once stdout holds no byte unwritten and has taken none for a second.
  function end() {
    if (process.stdout.writableLength > 0 || performance.now() - lastWrite < 1000) {
      setTimeout(end, 100).unref();
      return;
    }
    const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout' && kind !== 'TTYWrap');
    process.exitCode = 1;
    // On stderr, which the runner shows under the file; stdout carries the results.
    process.stderr.write(`test file ended ${lingerMs} ms after its last test and hook, with handles still open: ${open.join(', ')}\n`, () => process.exit());
  }
}

/**
 * Counts a test:pass or test:fail message this process writes for the runner, by the file it
 * names (its `test()` call's caller: scripts/test-timeout.mjs for a test declared through that
 * preload's wrapper), which is what the runner's count goes by (test-count-reporter.mjs).
 */
function count(results, chunk) {
  const message = decode(chunk);
  if (message?.type === 'test:pass' || message?.type === 'test:fail') {
    const file = message.data?.file ?? '';
    results[file] = (results[file] ?? 0) + 1;
  }
}

/** One message of node's v8-serializer reporter (header, 4-byte length, header, value). */
function decode(chunk) {
  try {
    const d = new Deserializer(chunk);
    d.readHeader();
    d.readRawBytes(4);
    d.readHeader();
    return d.readValue();
  } catch {
    return undefined;
  }
}
