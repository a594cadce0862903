/**
 * A promote while a server serves: the server keeps the version it loaded at start (its
 * `/metadata` still says `production` for a version now archived), and said nothing of it. The
 * serve command's watch reads the registry on each change of the store and says what the served
 * reference names now. The reader is called after each change here, as the watch calls it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { parseServedModelRef } from '../../../server/backend/registry/served.js';
import { servingConfig } from '../../../server/backend/serve/config.js';
import { servedVersionReader } from '../../../server/backend/serve/servedVersionWatch.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from '../data/tinyProject.js';
import { serveProcess } from './project.js';

const PIPELINE = `pipeline watched

${TINY_BLOCKS}
${tinyRegistering({ stage: 'production' })}
serve {
  model = a_model@production
  port  = 0
}
`;

test('a promote, a rollback and an archive of the served version are each said once', { timeout: 60_000 }, async () => {
  const dir = tinyProject('mlpipe-servedwatch-');
  try {
    const file = join(dir, 'p.mlpipe');
    writeFileSync(file, PIPELINE);
    await runPipeline({ file, root: dir }); // v1, production
    const config = servingConfig(analyze(PIPELINE).binding, parseServedModelRef('a_model@production'));
    const said: string[] = [];
    const read = servedVersionReader({ root: dir, config, version: 1, stage: 'production' }, (c) => said.push(c));
    read();
    assert.deepEqual(said, [], 'the served version is the one named');

    await runPipeline({ file, root: dir }); // v2 takes production, v1 archived
    read();
    read();
    assert.deepEqual(said, ["'a_model@production' is now v2 (production)"], 'said once');

    const change = (f: (r: ReturnType<typeof openRegistry>) => void) => {
      const store = openStore(dir);
      try {
        f(openRegistry(store));
      } finally {
        store.close();
      }
    };
    change((r) => r.rollback('a_model')); // v1 back: nothing to say, and the next change is said again
    read();
    change((r) => r.promote('a_model', 1, 'archived'));
    read();
    assert.equal(said.length, 2, said.join('\n'));
    assert.match(said[1]!, /^'a_model@production' names no version now \('a_model' has no version in production/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mlpipe serve prints the line when a run puts another version in production while it serves', { timeout: 60_000 }, async () => {
  const dir = tinyProject('mlpipe-servedwatch-');
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n'); // the project's root, for the server
  const file = join(dir, 'p.mlpipe');
  writeFileSync(file, PIPELINE);
  await runPipeline({ file, root: dir });
  const server = await serveProcess(file);
  try {
    await runPipeline({ file, root: dir });
    await server.until(/the registry changed: 'a_model@production' is now v2 \(production\); this server serves v1 until it restarts/, 'the registry line');
  } finally {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
