// Entry point for `extensionTestsPath`: the workbench calls run() inside the real extension host.
import Mocha from 'mocha';
import { defineChurnSuite } from './churn.e2e.js';
import { defineEditorSuite } from './editor.e2e.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  // The suite is bundled into one file, so it is defined through mocha's pre-require context
  // rather than loaded from test files on disk.
  const context = {} as Mocha.MochaGlobals;
  mocha.suite.emit('pre-require', context, 'churn.e2e', mocha);
  // MLPIPE_E2E_SUITE=churn or =editor runs one suite (scripts/e2e.mjs passes it on); both by default.
  const only = process.env.MLPIPE_E2E_SUITE;
  if (!only || only === 'churn') defineChurnSuite(context);
  if (!only || only === 'editor') defineEditorSuite(context);
  return new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
