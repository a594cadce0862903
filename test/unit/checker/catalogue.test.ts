/**
 * The catalogues are the one statement of each meaning: these tests keep every other place
 * that names the same things (the grammar, the registry, the backends, the spec's severity
 * table) equal to them.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BACKEND_REQUESTS } from '../../../server/backend/train/backends.js';
import { CODES } from '../../../server/mlpipe/diagnostics.js';
import { BLOCKS } from '../../../server/mlpipe/language/blocks.js';
import { BACKENDS } from '../../../server/mlpipe/language/keywords.js';
import { TRANSFORMS } from '../../../server/mlpipe/transforms/index.js';

const root = resolve(__dirname, '../../..');

describe('the transform catalogue', () => {
  it('holds one file per transform, named for it', () => {
    const dir = join(root, 'server/mlpipe/transforms');
    for (const name of Object.keys(TRANSFORMS)) assert.ok(existsSync(join(dir, `${name}.ts`)), `no file for ${name}`);
    const helpers = new Set(['index.ts', 'spec.ts', 'validate.ts', 'window.ts', 'stateSchemas.ts', 'literals.ts']);
    for (const f of readdirSync(dir)) if (!helpers.has(f)) assert.ok(f.replace(/\.ts$/, '') in TRANSFORMS, `${f} is not a transform`);
  });

  it("is the TextMate grammar's list of transforms", () => {
    const grammar = readFileSync(join(root, 'syntaxes/mlpipe.tmLanguage.json'), 'utf8');
    const m = /\(\?:(fill_missing\|[a-z0-9_|]+)\)/.exec(grammar);
    assert.ok(m, 'transform alternation not found in the grammar');
    assert.deepEqual(m[1].split('|').sort(), Object.keys(TRANSFORMS).sort());
  });

  it('gives every fitted transform a state schema, and no other', () => {
    for (const t of Object.values(TRANSFORMS)) assert.equal(t.state !== undefined, t.fitted, t.name);
  });

  it('states for every argument of a literal kind a range or no range, and positions without gaps', () => {
    for (const t of Object.values(TRANSFORMS)) {
      const positions = t.args.filter((a) => a.position !== undefined).map((a) => a.position!);
      assert.deepEqual(positions, positions.map((_, i) => i), `${t.name}: positions`);
      for (const a of t.args) if (a.range) assert.ok(a.kind === 'number' || a.kind === 'integer', `${t.name}.${a.name}: a range on a ${a.kind}`);
    }
  });
});

describe('keyword sets', () => {
  it('the backends use the keyword module', () => {
    assert.deepEqual([...BACKEND_REQUESTS], [...BACKENDS]);
  });
  it('every keyword attribute of the block catalogue lists its values', () => {
    for (const b of Object.values(BLOCKS)) for (const a of b.attributes) if (a.kind === 'keyword') assert.ok(a.values && a.values.length > 0, `${b.kind}.${a.name}`);
  });
});

describe("severities are the spec's", () => {
  it('each code in the diagnostics reference has the severity the checker reports', () => {
    const doc = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
    for (const [code, severity] of Object.entries(CODES)) {
      const at = doc.indexOf(`\n### ${code}\n`);
      assert.ok(at >= 0, code);
      assert.match(doc.slice(at, at + 200), new RegExp(`Severity: \\*\\*${severity}\\*\\*`), code);
    }
    // The spec's own table, when the shared spec is next to the repository. A code the reference
    // marks as an addition beyond the spec's table may be absent from it (never of another severity).
    const spec = resolve(root, '../shared/spec/mlpipe-language.md');
    if (existsSync(spec)) {
      const text = readFileSync(spec, 'utf8');
      for (const [code, severity] of Object.entries(CODES)) {
        const row = new RegExp(`\\| \`${code.replace('/', '\\/')}\` \\| (error|warning|info) \\|`).exec(text);
        const at = doc.indexOf(`\n### ${code}\n`);
        const addition = doc.slice(at, at + 400).includes("An addition beyond the spec's table");
        assert.ok(row || addition, `${code} is not in the spec's table`);
        if (row) assert.equal(row[1], severity, code);
      }
    }
  });
});
