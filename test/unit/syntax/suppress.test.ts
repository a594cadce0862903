import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';

const text = (directive: string) => `pipeline p
environment {
  lockfile = "package-lock.json"
  backend = cpu
}
split {
  test = 0.2
  seed = 1
}
${directive}
model m {
  kind = mlp
  inputs = [a]
}
feature a = 1
`;

const codes = (t: string) => analyze(t, { fileExists: () => true }).diagnostics.map((d) => d.code);

describe('suppression comments', () => {
  it('silences the named code on the next line', () => {
    assert.ok(codes(text('')).includes('repro/unseeded-model'));
    assert.ok(!codes(text('# mlpipe-disable-next-line repro/unseeded-model')).includes('repro/unseeded-model'));
  });
  it('skips blank and comment lines to reach the next code line', () => {
    assert.ok(!codes(text('# mlpipe-disable-next-line repro/unseeded-model\n\n# why: a baseline model\n')).includes('repro/unseeded-model'));
  });
  it('leaves other codes alone, and silences all without a code', () => {
    assert.ok(codes(text('# mlpipe-disable-next-line skew/target-leakage')).includes('repro/unseeded-model'));
    assert.ok(!codes(text('# mlpipe-disable-next-line')).includes('repro/unseeded-model'));
  });
  it('covers only the next line', () => {
    const t = text('').replace('feature a = 1', '# mlpipe-disable-next-line lifecycle/unused-feature\nfeature a = 1\nfeature b = 2');
    const diags = analyze(t, { fileExists: () => true }).diagnostics.filter((d) => d.code === 'lifecycle/unused-feature');
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /'b'/);
  });
});

describe('suppression choices the spec leaves open (docs/diagnostics.md)', () => {
  const unused = (t: string) => analyze(t, { fileExists: () => true }).diagnostics.filter((d) => d.code === 'lifecycle/unused-feature').map((d) => d.message);
  const withFeatures = (lines: string) => text('').replace('feature a = 1', `${lines}\nfeature a = 1`);
  it('names several codes, separated by commas or spaces', () => {
    assert.ok(!codes(text('# mlpipe-disable-next-line skew/target-leakage, repro/unseeded-model')).includes('repro/unseeded-model'));
    assert.ok(!codes(text('# mlpipe-disable-next-line skew/target-leakage repro/unseeded-model')).includes('repro/unseeded-model'));
  });
  it('trailing a line, covers the next line and not its own', () => {
    const t = withFeatures('feature b = 2  # mlpipe-disable-next-line lifecycle/unused-feature\nfeature c = 3');
    assert.deepEqual(unused(t).map((m) => /'(\w)'/.exec(m)?.[1]), ['b']);
  });
  it('a misspelt code silences nothing', () => {
    assert.equal(unused(withFeatures('# mlpipe-disable-next-line lifecycle/unused-feture\nfeature b = 2')).length, 1);
  });
});

describe('errors cannot be suppressed', () => {
  it('a directive naming an error code leaves the error in place', () => {
    const t = text('').replace('  inputs = [a]', '  # mlpipe-disable-next-line unknown-reference\n  inputs = [zz]');
    assert.ok(codes(t).includes('unknown-reference'));
  });
  it('a directive naming no code silences the warnings on its line, not the errors', () => {
    const t = text('').replace('  kind = mlp', '  # mlpipe-disable-next-line\n  kind = mlpp');
    assert.ok(codes(t).includes('invalid-value'), codes(t).join());
  });
});
