import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, workspace } from './harness.js';

describe("'mlpipe check' says which sources it only sampled", () => {
  const ws = workspace();
  const v8 = mkdtempSync(join(tmpdir(), 'mlpipe-cli-v8-'));
  after(() => {
    ws.dispose();
    rmSync(v8, { recursive: true, force: true });
  });
  const env = { MLPIPE_HOME: ws.home, MLPIPE_CACHE_DIR: v8 };
  const pipeline = join(ws.dir, 'churn.mlpipe');
  const checkerLoaded = () => existsSync(join(v8, 'v8')) && readdirSync(join(v8, 'v8')).some((f) => f.startsWith('checker-'));

  it('one note per sampled source, after its problems, from the checker and from a stored check alike', () => {
    // orders.csv is 2.6 MB and customers.csv 0.27 MB: a 1 MiB limit samples the first only.
    const args = ['check', pipeline, '--max-sample-bytes', String(1024 * 1024)];
    const first = cli(args, { env });
    assert.ok(checkerLoaded(), 'the first check runs the checker');
    const notes = first.stdout.split('\n').filter((l) => l.includes('note:'));
    assert.equal(notes.length, 1, first.stdout);
    assert.match(notes[0]!, /churn\.mlpipe: note: data\/orders\.csv \(2\.6 MiB\) is larger than the 1\.0 MiB the checker reads whole \(--max-sample-bytes\): its column types, categories and values come from its first [0-9,]+ rows/);
    const lines = first.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-2), notes[0], 'the note comes after the problems, before the summary');
    rmSync(join(v8, 'v8'), { recursive: true });
    const second = cli(args, { env });
    assert.ok(!checkerLoaded(), 'the second check is answered from the stored check');
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
  });

  it('says nothing when every source is read whole; in JSON the note goes to stderr', () => {
    const whole = cli(['check', pipeline], { env });
    assert.equal(whole.code, 0, whole.stderr);
    assert.doesNotMatch(whole.stdout, /note:/);
    const json = cli(['check', pipeline, '--format', 'json', '--max-sample-bytes', '100000'], { env });
    assert.doesNotThrow(() => JSON.parse(json.stdout));
    assert.equal(json.stderr.split('\n').filter((l) => l.includes('note:')).length, 2, json.stderr);
  });

  // The target (and the split's columns) are read over every row all the same: the note said
  // their values were the sample's, as the classes past the sample were before.
  it("names the columns of a sampled source read over every row all the same", () => {
    const r = cli(['check', pipeline, '--max-sample-bytes', '100000'], { env });
    const notes = r.stdout.split('\n').filter((l) => l.includes('note:'));
    assert.match(notes.find((l) => l.includes('customers.csv')) ?? '', /come from its first [0-9,]+ rows \('customer_id', 'snapshot_at', 'churned' from every row\), and the checks/);
    // A history table's time column is judged whole, but its cells are not kept: no column is named.
    assert.match(notes.find((l) => l.includes('orders.csv')) ?? '', /come from its first [0-9,]+ rows, and the checks/);
  });

  it('refuses a limit that is not a whole number of bytes (exit 2)', () => {
    for (const bad of ['2k', '0', '-5', '1.5']) {
      const r = cli(['check', pipeline, `--max-sample-bytes=${bad}`], { env });
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--max-sample-bytes takes a whole number of bytes from 1 up/);
    }
  });
});
