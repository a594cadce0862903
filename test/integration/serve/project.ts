/** A trained copy of the churn quickstart in a temporary folder: what every serving test starts from. */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import { isMissing } from '../../../server/mlpipe/data/values.js';
import { runPipeline, type RunResult } from '../../../server/backend/pipeline/run.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import type { RequestRow } from '../../../server/protocol/serving.js';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { LogReader } from '../../../server/backend/serve/log.js';
import { replayParity } from '../../../server/backend/monitor/parity.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { trainedOnce } from '../../support/trainedOnce.js';

export const REPO = join(__dirname, '../../..');
export const CLI = join(REPO, 'dist/cli.js');

/**
 * Runs the CLI without blocking this process: servers started in-process keep answering, and
 * fetch's idle keep-alive sockets are retired on time (spawnSync froze both, and a socket the
 * server closed meanwhile was reused: ECONNRESET under load).
 */
export function mlpipe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      done({ status: code, stdout, stderr });
    });
  });
}

export interface Project {
  dir: string;
  file: string;
  run: RunResult;
  dispose(): void;
}

/**
 * A project of one pipeline (`p.mlpipe`, or the name given) and its data files in a temporary
 * folder, trained once; the run must register (its `serve` names the staged version).
 */
export async function stagedProject(pipeline: string, files: Record<string, string>, name = 'p.mlpipe'): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-staged-'));
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const file = join(dir, name);
  writeFileSync(file, pipeline);
  const run = await runPipeline({ file, root: dir });
  assert.ok(run.registered, 'registered in staging');
  return { dir, file, run, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `text` with a `defaults { … }` block (`lines`, each indented as written) in its serve block, which
 * serves `m_model@staging` as the staged projects' pipelines do.
 */
export function withServeDefaults(text: string, lines: string): string {
  return text.replace('  model = m_model@staging\n}', `  model = m_model@staging\n  defaults {\n${lines}\n  }\n}`);
}

/** The check's errors of one pipeline file, as `code: message`. */
export async function checkErrors(file: string): Promise<string[]> {
  const [c] = await checkFiles([file]);
  return (c!.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** 'started' when serving the file starts (it is closed again), else why it refused. */
export function serveStartOutcome(file: string): Promise<string> {
  return startServing(file, { port: 0 }).then(
    async (s) => (await s.close(), 'started'),
    (e: Error) => e.message,
  );
}

/**
 * Copies the churn example, trains it once and puts version 1 in production (what serve names).
 * `edit` rewrites the pipeline's text; `prepare` may change the copied folder (its data) first.
 * The same folder (text and data) is trained once per test run and copied after
 * (test/support/trainedOnce.ts).
 */
export async function trainedChurn(edit: (text: string) => string = (t) => t, prepare: (dir: string) => void = () => undefined): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-serve-'));
  cpSync(join(REPO, 'examples/churn'), dir, { recursive: true, filter: (src) => !src.includes('.mlpipe/') && !src.endsWith('/.mlpipe') });
  // A marker so every command finds this folder as the project root.
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  prepare(dir);
  const file = join(dir, 'churn.mlpipe');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  const run = await trainedOnce(dir, async () => {
    const trained = await runPipeline({ file, root: dir });
    if (!trained.registered) throw new Error('the churn example did not register: its gates failed');
    const store = openStore(dir);
    try {
      openRegistry(store).promote(trained.registered.name, trained.registered.version, 'production', { actor: 'test' });
    } finally {
      store.close();
    }
    return trained;
  });
  return { dir, file, run, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The churn project trained and served in process for the describe block that calls this:
 * started before its tests, closed after them. `rows`: every `every`th row of its customers.
 */
export function servedChurn(every: number): { readonly project: Project; readonly serving: Serving; readonly rows: RequestRow[] } {
  const churn = {} as { project: Project; serving: Serving; rows: RequestRow[] };
  before(async () => {
    churn.project = await trainedChurn();
    churn.serving = await startServing(churn.project.file, { port: 0 });
    churn.rows = requestRows(join(churn.project.dir, 'data/customers.csv'), every);
  });
  after(async () => {
    await churn.serving?.close();
    churn.project?.dispose();
  });
  return churn;
}

/** Rows of a churn CSV as request rows: the fields the model reads, in their CSV text. */
export function requestRows(csvPath: string, every = 1, fields = ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'monthly_charges', 'support_tickets']): RequestRow[] {
  const { header, rows } = parseCsv(readFileSync(csvPath, 'utf8'), csvPath);
  const idx = fields.map((f) => header.indexOf(f));
  return rows
    .filter((_, i) => i % every === 0)
    .map((cells) => Object.fromEntries(fields.map((f, k) => [f, isMissing(cells[idx[k]]) ? null : /^-?[0-9.]+$/.test(cells[idx[k]]) ? Number(cells[idx[k]]) : cells[idx[k]]])));
}

export async function post(url: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function get(url: string): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Its standard error so far. */
  stderr(): string;
  /** Resolves once its output (stdout and stderr) matches `re`; rejects if it exits first. */
  until(re: RegExp, what: string): Promise<RegExpMatchArray>;
}

/** `mlpipe serve` as a real process; resolves once it prints its URL. */
export async function serveProcess(file: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', file, '--port', '0'], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const until = (re: RegExp, what: string) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const look = () => {
        const m = (out + err).match(re);
        if (!m) return;
        child.stdout.off('data', look);
        child.stderr.off('data', look);
        child.off('exit', gone);
        resolve(m);
      };
      const gone = (code: number | null) => reject(new Error(`mlpipe serve exited with ${code} before ${what}: ${err}`));
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.once('exit', gone);
      look();
    });
  const url = (await until(/listening on (http:\/\/\S+)/, 'listening'))[1]!;
  return { child, url, stderr: () => err, until };
}


/** Serves the pipeline at `file` in process, scores `rows` through /predict (all accepted), and stops: the log then holds them. */
export async function logPredictions(file: string, rows: RequestRow[]): Promise<void> {
  const serving = await startServing(file, { port: 0 });
  try {
    const r = await post(`${serving.url}/predict`, { rows });
    assert.equal(r.status, 200, r.text);
  } finally {
    await serving.close();
  }
}

/** `mlpipe parity`'s report of the pipeline at `file`, in process: its served model and log replayed. */
export async function parityOf(file: string): Promise<ReturnType<typeof replayParity>> {
  const served = await loadServedModel(file);
  const reader = new LogReader(served.root);
  try {
    return await replayParity(served, reader);
  } finally {
    reader.close();
  }
}

/** One model of a staged pipeline and the `register` block that takes it. */
export interface StagedModel {
  name: string;
  /** The registered model's name. */
  registered: string;
  /** Its inputs; every feature when left out. */
  inputs?: string[];
  kind?: 'logistic' | 'linear';
  task?: 'classification' | 'regression';
  epochs?: number;
  seed?: number;
}

/** What differs between the staged projects' pipelines (`stagedPipeline`). */
export interface StagedPipeline {
  /** The `feature` lines, as written; the model's inputs are their names, in order. */
  features: string;
  kind?: 'logistic' | 'linear';
  epochs?: number;
  /** The test split's fraction. */
  test?: number;
  /** The registered model's name; `serve` names its staged version. */
  registered?: string;
  /** The `data` and `split` blocks, where not `keyedTableAndSplit(test)`. */
  table?: string;
  /** Several models, each with its `register` block, in place of the one model `m`. */
  models?: StagedModel[];
  /** What `serve` names; the first registered model's staged version when left out. */
  served?: string;
  /** More lines of the `serve` block, as written (`  port  = 0`). */
  serveLines?: string;
  /** Blocks between `serve` and `environment`, as written (a `monitor` block). */
  blocks?: string;
  /** false: no `environment` block. */
  environment?: boolean;
}

/** The keyed table `t` (t.csv, target `y`, key `id`) and a seeded split holding out `test`: the head of the serving tests' pipelines. */
export const keyedTableAndSplit = (test = 0.25) => `data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = ${test}
  seed = 1
}`;

const modelBlock = (m: StagedModel, features: string[]) => `model ${m.name} {
  kind   = ${m.kind ?? 'logistic'}
${m.task ? `  task   = ${m.task}\n` : ''}  inputs = [${(m.inputs ?? features).join(', ')}]
  epochs = ${m.epochs ?? 5}
  seed   = ${m.seed ?? 1}
}`;

/**
 * The pipeline most serving tests train: table `t` (`t.csv`, target `y`, key `id`), a seeded
 * split, one model `m` of every feature, registered in staging and served from there, on the CPU
 * deterministically. Each test wrote these 30 lines out again for its two or three feature lines;
 * the options give the rest of what some differ in (another table, two models, a monitor block).
 */
export function stagedPipeline(name: string, o: StagedPipeline): string {
  const features = [...o.features.matchAll(/^feature\s+(\w+)/gm)].map((m) => m[1]!);
  const models = o.models ?? [{ name: 'm', registered: o.registered ?? 'm_model', kind: o.kind, epochs: o.epochs }];
  const registers = models.map((m) => `register ${m.registered} {\n  from = ${m.name}\n}`);
  const serve = `serve {\n  model = ${o.served ?? `${models[0]!.registered}@staging`}\n${o.serveLines ? `${o.serveLines}\n` : ''}}`;
  const environment = o.environment === false ? [] : ['environment {\n  backend       = cpu\n  deterministic = true\n}'];
  const blocks = [`pipeline ${name}`, o.table ?? keyedTableAndSplit(o.test), o.features.trim(), ...models.map((m) => modelBlock(m, features)), ...registers, serve, ...(o.blocks ? [o.blocks.trim()] : []), ...environment];
  return blocks.join('\n\n') + '\n';
}

/** A CSV of `header` and `n` rows (`row(i)`, i from 0), ending in a line end: the table of a staged project. */
export function rowsCsv(header: string, row: (i: number) => string, n = 40): string {
  return [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n') + '\n';
}

/**
 * The two models of the serving tests about a file with two (`ma` registered as `ra`, `mb` as `rb`,
 * five epochs, seed 1): which one a run trains, serves or retrains is what they are about.
 */
export function twoModels(aInputs: string[], bInputs: string[]): StagedModel[] {
  return [
    { name: 'ma', registered: 'ra', inputs: aInputs },
    { name: 'mb', registered: 'rb', inputs: bInputs },
  ];
}
