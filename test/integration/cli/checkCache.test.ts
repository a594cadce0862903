import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { cli, workspace } from './harness.js';

describe("'mlpipe check' keeps column facts in the project's .mlpipe/cache", () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };
  const folder = FactsCache.folderUnder(ws.home);
  const check = () => cli(['check', '--format', 'json', join(ws.dir, 'churn.mlpipe')], { env });

  it('a second check reads the cache and reports exactly what the first did; a corrupt cache changes nothing', () => {
    const first = check();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readdirSync(folder).length, 2, 'one entry per CSV');
    const second = check();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    for (const f of readdirSync(folder)) writeFileSync(join(folder, f), '{"version":1,"size":');
    const third = check();
    assert.equal(third.stdout, first.stdout);
    assert.equal(third.stderr, '');
  });

  it("a project with only a cache still has no runs: 'serve' says to train first", () => {
    const r = cli(['serve', join(ws.dir, 'churn.mlpipe')], { env });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no runs in .*train the pipeline first/);
  });
});

describe("'mlpipe check' answers an unchanged project from its stored check, without loading the checker", () => {
  const ws = workspace();
  const v8 = mkdtempSync(join(tmpdir(), 'mlpipe-cli-v8-'));
  after(() => {
    ws.dispose();
    rmSync(v8, { recursive: true, force: true });
  });
  const env = { MLPIPE_HOME: ws.home, MLPIPE_CACHE_DIR: v8 };
  const check = () => cli(['check', '--format', 'json', join(ws.dir, 'churn.mlpipe')], { env });
  /** Whether this run loaded the checker's bundle: its code cache is written on first load. */
  const checkerLoaded = () => existsSync(join(v8, 'v8')) && readdirSync(join(v8, 'v8')).some((f) => f.startsWith('checker-'));
  const stored = join(FactsCache.checksBeside(FactsCache.folderUnder(ws.home)));

  it('the same answer, the checker not loaded; a data file changed in place (same size and mtime) is still noticed', () => {
    const round = new Date('2025-01-01T00:00:00Z');
    const csv = join(ws.dir, 'data/customers.csv');
    utimesSync(csv, round, round);
    const first = check();
    assert.equal(first.code, 0, first.stderr);
    assert.ok(checkerLoaded(), 'a first check runs the checker');
    assert.equal(readdirSync(stored).length, 1, 'one stored check per pipeline');
    rmSync(join(v8, 'v8'), { recursive: true });
    const second = check();
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, '');
    assert.ok(!checkerLoaded(), 'an unchanged project does not load the checker');
    // One digit for another: the same size; the mtime put back.
    const text = readFileSync(csv, 'utf8');
    const at = text.indexOf('\n') + 1 + text.slice(text.indexOf('\n') + 1).search(/[0-8]/);
    writeFileSync(csv, text.slice(0, at) + String(Number(text[at]) + 1) + text.slice(at + 1));
    utimesSync(csv, round, round);
    assert.equal(statSync(csv).mtimeMs, round.getTime());
    const third = check();
    assert.equal(third.code, 1);
    assert.match(third.stdout, /repro\/data-changed/);
    assert.ok(checkerLoaded(), 'a changed file runs the checker');
    writeFileSync(csv, text);
    utimesSync(csv, round, round);
    assert.equal(check().stdout, first.stdout);
  });
});

describe("'mlpipe check' never makes a .mlpipe folder inside a data folder that is no project", () => {
  const base = mkdtempSync(join(tmpdir(), 'mlpipe-markerless-'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it("a pipeline's caches go to its own folder; the data's folder, in it or beside it, is left as it was", () => {
    // Nothing here is a project: no .git, no package.json, no MLPIPE_HOME.
    const inside = join(base, 'proj/data/raw');
    const beside = join(base, 'shared');
    for (const d of [inside, beside]) mkdirSync(d, { recursive: true });
    const rows = ['id,x,y', ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i % 2}`)].join('\n') + '\n';
    writeFileSync(join(inside, 'a.csv'), rows);
    writeFileSync(join(beside, 'b.csv'), rows);
    const file = join(base, 'proj/p.mlpipe');
    writeFileSync(file, 'pipeline p\n\ndata a {\n  source = "data/raw/a.csv"\n  target = y\n  key = id\n}\n\ndata b {\n  source = "../shared/b.csv"\n  key = id\n}\n\nfeature x = a.x\n');
    const env: Record<string, string> = { MLPIPE_HOME: '' };
    const first = cli(['check', '--format', 'json', file], { env, cwd: base });
    assert.ok(first.code === 0 || first.code === 1, first.stderr);
    assert.ok(!existsSync(join(inside, '.mlpipe')), 'no cache inside data/raw');
    assert.ok(!existsSync(join(beside, '.mlpipe')), 'no cache in the shared folder');
    assert.ok(existsSync(join(base, 'proj/.mlpipe/cache')), "the pipeline's own caches beside it, where its runs go");
    // The pipeline's folder is now a project: a data folder inside it keeps its facts there.
    const second = cli(['check', '--format', 'json', file], { env, cwd: base });
    assert.equal(second.stdout, first.stdout);
    assert.ok(!existsSync(join(inside, '.mlpipe')) && !existsSync(join(beside, '.mlpipe')));
  });
});
