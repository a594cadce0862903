import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, stdioClient } from './client.js';

const version = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

/** What the output channel shows: the real server process's log over stdio. */
describe('the server log', () => {
  it('names the version, the client and the settings at start, and times the checks; shutdown is no error', async () => {
    const { client, exited } = stdioClient();
    const init = (await client.initialize({ initializationOptions: { diagnostics: { debounceMs: 40 } } })) as { serverInfo: { version: string } };
    assert.equal(init.serverInfo.version, version);
    const started = await client.logged(/language server .* started/);
    assert.match(started, new RegExp(`mlpipe language server ${version.replace(/\./g, '\\.')} started \\(Node v\\d+`));
    assert.match(await client.logged(/settings:/), /diagnostics\.debounceMs 40, data\.maxSampleBytes 33554432/);
    assert.match(await client.logged(/indexed/), /indexed \d+ pipeline file\(s\) in 1 workspace folder\(s\) in \d+ ms/);
    await client.open(join(FIXTURES, 'clean.mlpipe'));
    assert.match(await client.logged(/checked clean\.mlpipe/), /checked clean\.mlpipe \(version 1\) in \d+ ms: 0 errors, 0 warnings, 0 infos/);
    // Where its own start went, once the first complete check is out: each step in order.
    assert.match(
      await client.logged(/start-up/),
      /^mlpipe: start-up, ms since the process began at \d{4}-\d\d-\d\dT[\d:.]+Z: node ready \d+, server loaded \d+, initialize received \d+, initialized \d+, didOpen received \d+, first publish \d+, complete publish \d+$/,
    );
    await client.dispose();
    assert.equal(await exited, 0);
    assert.deepEqual(client.logs.filter((l) => l.type === 1), [], 'nothing logged as an error');
  });
});
