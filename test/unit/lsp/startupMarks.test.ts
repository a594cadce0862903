import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StartupMarks } from '../../../server/lsp/startupMarks.js';

describe("the language server's start-up marks", { timeout: 10_000 }, () => {
  it('keeps the first time of each step and lists the steps taken in order, with the wall-clock start', () => {
    let now = 0;
    const marks = new StartupMarks(() => now, Date.UTC(2026, 11, 2, 13, 0, 0));
    now = 40.4;
    marks.mark('entry');
    now = 250;
    marks.mark('loaded');
    marks.mark('didOpen', 400); // out of order: listed in the steps' order
    marks.mark('initialize', 260);
    marks.mark('didOpen', 900); // a later document's open is not the start's
    assert.equal(marks.get('didOpen'), 400);
    assert.equal(
      marks.describe(),
      'mlpipe: start-up, ms since the process began at 2026-12-02T13:00:00.000Z: node ready 40, server loaded 250, initialize received 260, didOpen received 400',
    );
  });
});
