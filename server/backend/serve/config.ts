import { attributesOf, bareName, type Binding } from '../../mlpipe/binder.js';
import { thresholdProblem } from '../../mlpipe/checker/threshold.js';
import { isDriftStatistic, unknownStatisticMessage } from '../../mlpipe/drift/catalogue.js';
import type { Attribute, Expr } from '../../mlpipe/syntax/ast.js';
import { literalNumber } from '../../mlpipe/syntax/literals.js';
import { monitorBlock, serveDefaults } from '../../mlpipe/served.js';
import { RegistryError } from '../registry/registry.js';
import { parseServedModelRef, type ServedModelRef } from '../registry/served.js';
import type { ServeDefault } from '../../mlpipe/features/row.js';
import { ServeError } from './serveError.js';
import { ON_DRIFT, oneOf, type OnDrift } from '../../mlpipe/language/keywords.js';
import { refPart, refPartCount } from '../../mlpipe/syntax/reference.js';

export { ServeError };

/** Which registered version a serve block names: the registry's one reading of 'name', 'name@stage', 'name@N'. */
export type ModelRef = ServedModelRef;

export function modelRefText(ref: ModelRef): string {
  return ref.at === undefined ? ref.name : `${ref.name}@${ref.at}`;
}

export interface DriftLine {
  target: string;
  statistic: string;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
}

export interface ServingConfig {
  model: ModelRef;
  port: number;
  logPredictions: boolean;
  defaults: Record<string, ServeDefault>;
  monitor: {
    window: number;
    drift: DriftLine[];
    onDrift: OnDrift | null;
    /** Whether the file has a `monitor` block at all. */
    present: boolean;
  };
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_WINDOW = 1000;

/** Reads `name@stage` / `name@3` / `name` as the CLI's `--model` gives it. */
export function parseModelRef(text: string): ModelRef {
  try {
    return parseServedModelRef(text);
  } catch (e) {
    if (e instanceof RegistryError) throw new ServeError(e.message);
    throw e;
  }
}

function refOf(e: Expr | undefined): ModelRef | undefined {
  if (e?.kind !== 'Reference' || refPartCount(e) !== 1) return undefined;
  return parseModelRef(e.at ? `${refPart(e, 0)}@${e.at.text}` : refPart(e, 0));
}

/**
 * The `serve` and `monitor` blocks of a bound pipeline, with the spec's defaults. `model` (the
 * CLI's `--model`) names the version instead of the serve block, which may then be absent: a
 * pipeline that registers but does not serve can still be scored, replayed and monitored.
 */
export function servingConfig(binding: Binding, model?: ModelRef): ServingConfig {
  const serve = binding.blocks.get('serve')?.[0];
  if (!serve && !model) throw new ServeError('the pipeline has no serve block: add serve { model = NAME@production } to say which model to serve, or name one with --model NAME@STAGE');
  const attrs = serve ? attributesOf(serve) : new Map<string, Attribute>();
  model ??= refOf(attrs.get('model')?.value);
  if (!model) throw new ServeError('the serve block has no model: write model = NAME@production');
  const port = literalNumber(attrs.get('port')?.value) ?? DEFAULT_PORT;
  const log = attrs.get('log_predictions')?.value;
  const defaults = { ...serveDefaults(binding) };
  const mon = monitorBlock(binding);
  const drift: DriftLine[] = [];
  let window = DEFAULT_WINDOW;
  let onDrift: ServingConfig['monitor']['onDrift'] = null;
  if (mon) {
    const m = attributesOf(mon);
    window = literalNumber(m.get('window')?.value) ?? DEFAULT_WINDOW;
    onDrift = oneOf(ON_DRIFT, bareName(m.get('on_drift')?.value)?.name) ?? null;
    for (const e of mon.entries) {
      const threshold = e.kind === 'Drift' ? literalNumber(e.value) : undefined;
      if (e.kind !== 'Drift' || threshold === undefined) continue;
      const written = e.value.kind === 'Number' ? e.value.text : String(threshold);
      // The checker's own judgement of the line (invalid-value): a monitor that would alert on the wrong side, or never, is refused.
      if (!isDriftStatistic(e.stat.name)) throw new ServeError(`the monitor cannot be served as written: ${unknownStatisticMessage(e.stat.name)}`);
      const problem = thresholdProblem({ kind: 'drift', target: e.target.name, statistic: e.stat.name }, e.op, threshold, written);
      if (problem) throw new ServeError(`the monitor cannot be served as written: ${problem.message}`);
      drift.push({ target: e.target.name, statistic: e.stat.name, op: e.op, threshold });
    }
  }
  return {
    model,
    port,
    logPredictions: log?.kind === 'Bool' ? log.value : true,
    defaults,
    monitor: { window, drift, onDrift, present: mon !== undefined },
  };
}
