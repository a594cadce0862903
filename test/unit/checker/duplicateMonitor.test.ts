/**
 * A second `monitor` block is one duplicate-definition and measures nothing: serving reads the
 * first (`monitorBlock`), and nothing a later copy holds is judged (`earlierCopy`), as for a second
 * `serve` or `defaults`. The checker's drift-values rule still judged the second block's lines
 * (an invalid-value on a chi2 that no server would measure), and the run read them for its drift
 * reference and notes; every reader now takes the drift lines of the first block.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { monitorDriftLines } from '../../../server/mlpipe/served.js';
import { checkText, memoryHost } from './fixture.js';

const SALES = ['id,x,units', ...Array.from({ length: 300 }, (_, i) => `${i},${(i * 7) % 300},${(i * 13) % 1000}`)].join('\n') + '\n';

const pipeline = (first: string, second: string) => `pipeline demand

data sales {
  source  = "sales.csv"
  target  = units
  key     = id
}

split {
  test = 0.2
  seed = 1
}

feature xr = sales.x
feature xs = standardize(xr)

model m {
  kind   = linear
  inputs = [xs]
  seed   = 1
}

register m_model {
  from = m
}

serve {
  model = m_model@staging
}

monitor {
  ${first}
  on_drift = alert
}

monitor {
  ${second}
}
`;

describe('a monitor block repeated', () => {
  it('the second is one duplicate-definition: its drift lines are not judged', () => {
    const text = pipeline('drift xs ks > 0.3', 'drift xr chi2 < 0.05');
    const at = text.split('\n').lastIndexOf('monitor {');
    const inSecond = checkText(text, { 'sales.csv': SALES }).filter((d) => d.range.start.line >= at);
    assert.deepEqual(inSecond.map((d) => [d.code, d.range.start.line - at]), [['duplicate-definition', 0]], JSON.stringify(inSecond));
  });

  it('the same line in the first block is judged', () => {
    const found = checkText(pipeline('drift xr chi2 < 0.05', 'drift xs ks > 0.3'), { 'sales.csv': SALES }).filter((d) => d.code === 'invalid-value');
    assert.deepEqual(found.map((d) => d.message), ["'chi2' compares categories, and 'xr' has more than 100 distinct values: use 'ks', 'psi', 'js' or 'wasserstein'"]);
  });

  it("the drift lines every reader takes are the first block's", () => {
    const a = analyze(pipeline('drift xs ks > 0.3', 'drift xr chi2 < 0.05'), memoryHost({ 'sales.csv': SALES }));
    assert.deepEqual(monitorDriftLines(a.binding).map((d) => `${d.target.name} ${d.stat.name}`), ['xs ks']);
  });
});
