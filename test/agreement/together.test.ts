/**
 * Models judged together get the verdicts each gets alone, on generated pipelines and tables:
 * the missing-every-row pass judges every model waiting for a verdict from one plan of all their
 * inputs (`checker/judge.ts`), so a second model over a random subset of the features must
 * change neither model's result. Compared: the pass's errors (missing on every row, beyond
 * float32's range, no input column) and its warning of rows a transform leaves missing, of each
 * model in a file of both, against the same model as the file's only one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, type Diagnostic } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { dataText, pipelineArb } from './generate.js';
import { envInteger } from '../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1500, { min: 1 });
const PASS = /after every transform|beyond float32|no input column|where every column it reads is present/;

/** The pass's messages inside the block of `model NAME {`. */
function passErrors(text: string, diagnostics: Diagnostic[], model: string): string[] {
  const start = text.indexOf(`model ${model} {`);
  const end = text.indexOf('}', start);
  // Its warning too: the rows a transform leaves missing, from the same batch.
  return diagnostics.filter((d) => PASS.test(d.message) && d.start >= start && d.end <= end).map((d) => d.message);
}

/** Errors other than the pass's: where they differ the pass may run in one file and not the other. */
const otherErrors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error' && !PASS.test(d.message)).map((d) => d.code);

describe('agreement: models judged together and alone (property-based)', () => {
  it(`on ${RUNS} generated pipelines, each with a second model over a random subset of its features`, () => {
    let compared = 0;
    let flagged = 0;
    const arb = pipelineArb.chain((c) => {
      const names = [...c.text.matchAll(/^feature (\w+) =/gm)].map((m) => m[1]);
      return fc.record({ c: fc.constant(c), subset: fc.shuffledSubarray(names, { minLength: 1 }) });
    });
    fc.assert(
      fc.property(arb, ({ c: drawn, subset }) => {
        // Without suppression comments: one before m's inputs line silences the pass's warning on
        // m alone and on the subset put there, yet not on m2's own line (fresh seed 14).
        const c = { ...drawn, text: drawn.text.replace(/^# mlpipe-disable-next-line.*\n/gm, '') };
        const host = memoryHost(c.data.files);
        // The inputs list, on one line or several (generate.ts writes both).
        const inputsLine = /^ {2}inputs = \[[^\]]*\]$/m.exec(c.text)![0];
        // Of the first model's kind (a logistic model of a regression target is an error of its own).
        const kind = /^ {2}kind +=\s*(\w+)$/m.exec(c.text)?.[1] ?? 'logistic';
        // And of its task: a classifier's kept training rows of one class are the pass's error, a regression's are not.
        const task = /^ {2}task +=\s*(\w+)$/m.exec(c.text)?.[1];
        const second = `model m2 {\n  kind   = ${kind}\n  inputs = [${subset.join(', ')}]\n  epochs = 1\n  seed   = 1\n${task ? `  task   = ${task}\n` : ''}}\n`;
        const both = `${c.text}\n${second}`;
        const alone = c.text.replace(inputsLine, `  inputs = [${subset.join(', ')}]`);
        const dBoth = analyze(both, host).diagnostics;
        const dFirst = analyze(c.text, host).diagnostics;
        const dAlone = analyze(alone, host).diagnostics;
        // The pass runs only on a file without other errors: compare where all three have none.
        if (otherErrors(dBoth).length || otherErrors(dFirst).length || otherErrors(dAlone).length) return;
        compared++;
        const first = passErrors(c.text, dFirst, 'm');
        const sub = passErrors(alone, dAlone, 'm');
        if (first.length || sub.length) flagged++;
        assert.deepEqual(passErrors(both, dBoth, 'm'), first, `model m\n${both}\n${dataText(c.data)}`);
        assert.deepEqual(passErrors(both, dBoth, 'm2'), sub, `model m2\n${both}\n${dataText(c.data)}`);
      }),
      // endOnFailure: shrinking a failure re-analyses three files per step, synchronously, past any test timeout.
      { numRuns: RUNS, seed: envInteger('MLPIPE_AGREEMENT_SEED', 20261202), includeErrorInReport: true, endOnFailure: true },
    );
    console.log(`together: ${compared} of ${RUNS} cases compared, ${flagged} with a refusal`);
    assert.ok(compared > RUNS / 25, `too few cases compared: ${compared}`);
    assert.ok(flagged > 0, 'no case had a refusal to compare');
  });
});
