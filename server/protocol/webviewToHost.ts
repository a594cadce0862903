/**
 * What each webview panel may send its host, as zod schemas: the one description of those
 * messages. `webview.ts` derives the `...ToHost` types from them; the extension's panel host
 * validates every message with them before acting on it, and answers one it cannot read with
 * the panel's own `error` message instead of passing `undefined` fields on to the backend.
 * The states a page keeps are only checked to be objects: the host reads them by their keys.
 */
// zod's mini API, as a namespace, so the extension's bundle keeps only what is used (see settings.ts).
import * as z from 'zod/mini';
import type { DriftViewState, ExperimentsState, ReadinessViewState, RunViewState } from './webview.js';

const state = <S>() => z.custom<S>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const ready = <S>() => z.object({ type: z.literal('ready'), state: z.optional(state<S>()) });
const text = z.string();

export const ExperimentsToHostSchema = z.discriminatedUnion('type', [
  ready<ExperimentsState>(),
  z.object({ type: z.literal('compare'), runIds: z.array(text), key: text }),
  z.object({ type: z.literal('openRun'), runId: text }),
  z.object({ type: z.literal('state'), state: state<ExperimentsState>() }),
]);

export const RunToHostSchema = z.discriminatedUnion('type', [
  ready<RunViewState>(),
  z.object({ type: z.literal('reproduce'), runId: text }),
  z.object({ type: z.literal('openArtifacts'), runId: text }),
  z.object({ type: z.literal('openRun'), runId: text }),
]);

export const DriftToHostSchema = z.discriminatedUnion('type', [ready<DriftViewState>(), z.object({ type: z.literal('retrain') }), z.object({ type: z.literal('refresh') })]);

export const ReadinessToHostSchema = z.discriminatedUnion('type', [
  ready<ReadinessViewState>(),
  /** Applies the fix of an item: its quick fix at the diagnostic's range, or its command. */
  z.object({ type: z.literal('fix'), item: text }),
  z.object({ type: z.literal('reveal'), item: text }),
]);

/** The schema of each panel kind's messages to its host, by view type. */
export const TO_HOST = {
  'mlpipe.experiments': ExperimentsToHostSchema,
  'mlpipe.run': RunToHostSchema,
  'mlpipe.drift': DriftToHostSchema,
  'mlpipe.readiness': ReadinessToHostSchema,
} as const;

/**
 * A panel's message, or why it cannot be read (one line, for the panel's error). A `ready` whose
 * kept state is unreadable still says the page is ready: no host needs the state to answer it.
 */
export function readToHost<K extends keyof typeof TO_HOST>(kind: K, raw: unknown): { message: z.infer<(typeof TO_HOST)[K]> } | { refused: string } {
  const r = z.safeParse(TO_HOST[kind] as z.ZodMiniType, raw);
  if (r.success) return { message: r.data as z.infer<(typeof TO_HOST)[K]> };
  if ((raw as { type?: unknown } | null | undefined)?.type === 'ready') return { message: { type: 'ready' } as z.infer<(typeof TO_HOST)[K]> };
  const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? `'${(raw as { type: string }).type}'` : 'without a type';
  const issue = r.error.issues[0];
  const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
  return { refused: `the panel sent a message ${type} that the extension cannot read${where}; close the panel and open it again` };
}
