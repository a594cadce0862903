import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckOutput } from '../../../server/protocol/cli.js';
import { cli, REPO } from './harness.js';

interface Matcher {
  name: string;
  fileLocation: [string, string];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
}

const matcher = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).contributes.problemMatchers as Matcher[]).find((m) => m.name === 'mlpipe')!;

/** What VS Code does with the matcher: the regexp on every line, groups picked by index. */
function matchLines(output: string) {
  const re = new RegExp(matcher.pattern.regexp);
  const p = matcher.pattern;
  return output.split(/\r?\n/).flatMap((line) => {
    const m = re.exec(line);
    return m ? [{ file: m[p.file]!, line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity]!, code: m[p.code]!, message: m[p.message]! }] : [];
  });
}

test("the '$mlpipe' problem matcher reads the real 'mlpipe check' output: file, line, column, severity, code, message", () => {
  // As the task runs it: in the workspace folder, a file in it relative to it and one outside it
  // absolute (shownPath), which 'autoDetect' opens both of ('relative' joined an absolute path to the folder).
  assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
  const cwd = join(REPO, 'test/fixtures');
  const files = ['pipelines/problems.mlpipe', 'pipelines/clean.mlpipe'];
  const text = cli(['check', ...files], { cwd });
  assert.equal(text.code, 1, 'a pipeline with errors fails the task');
  const json = cli(['check', ...files, '--format', 'json'], { cwd });
  const expected = CheckOutput.parse(JSON.parse(json.stdout)).map((d) => ({
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
  const matched = matchLines(text.stdout + text.stderr);
  assert.ok(expected.some((d) => d.severity === 'error') && expected.some((d) => d.severity === 'warning'), 'the fixture has both errors and warnings');
  assert.deepEqual(matched, expected, 'one problem per diagnostic, nothing from the summary line');
  assert.deepEqual(matched.find((d) => d.code === 'repro/data-changed'), {
    file: 'pipelines/problems.mlpipe',
    line: 13,
    column: 13,
    severity: 'error',
    code: 'repro/data-changed',
    message: matched.find((d) => d.code === 'repro/data-changed')!.message,
  });
  assert.match(matched.find((d) => d.code === 'repro/data-changed')!.message, /^'data\/orders\.csv' has changed since it was pinned/);
});

test("a pipeline outside the current folder is printed absolute (not '../../…'), so the matcher's 'autoDetect' opens it", () => {
  const cwd = join(REPO, 'test/fixtures/data');
  const r = cli(['check', '../pipelines/problems.mlpipe'], { cwd });
  const matched = matchLines(r.stdout);
  assert.ok(matched.length > 0, r.stdout + r.stderr);
  for (const m of matched) assert.equal(m.file, join(REPO, 'test/fixtures/pipelines/problems.mlpipe'));
});

test('a message quoting a name written with a line break escape stays one line, the escape shown as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-matcher-'));
  try {
    // The source string holds a real line break ('\\n' in the file); the check quotes the name.
    writeFileSync(join(dir, 'nl.mlpipe'), 'pipeline nl\n\ndata t {\n  source = "data/t\\nx.csv"\n  target = y\n}\n');
    const text = cli(['check', 'nl.mlpipe'], { cwd: dir });
    const json = CheckOutput.parse(JSON.parse(cli(['check', 'nl.mlpipe', '--format', 'json'], { cwd: dir }).stdout));
    const missing = json.find((d) => d.code === 'repro/missing-source');
    assert.ok(missing?.message.includes('data/t\nx.csv'), JSON.stringify(json));
    const matched = matchLines(text.stdout);
    assert.equal(matched.length, json.length, text.stdout);
    const line = matched.find((d) => d.code === 'repro/missing-source')!;
    assert.equal(line.message, missing!.message.replaceAll('\n', '\\n'));
    assert.equal(text.stdout.split('\n').filter((l) => l.includes('repro/missing-source')).length, 1);
    assert.ok(!/^x\.csv/m.test(text.stdout), text.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
