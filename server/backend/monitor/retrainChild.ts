/**
 * The process a drift-triggered retrain runs in (bundled as dist/retrainWorker.js), so training
 * never shares the serving process's event loop. It reads one `retrainRequest`, runs the
 * pipeline through its gates, answers one `retrainResult` and exits.
 */
import { retrainRequest, type RetrainResult } from '../../protocol/serving.js';
import { notRegisteredDetail } from '../../mlpipe/evaluate/gateText.js';
import { errorLine } from '../pipeline/errors.js';
import { runPipeline } from '../pipeline/run.js';
import { unchangedSinceLastRun } from './unchanged.js';

function answer(result: RetrainResult): void {
  // The server is gone (killed): the run recorded its own outcome in the store.
  if (!process.connected || !process.send) process.exit(0);
  // Exit once the message is handed to the channel, so a done run never looks like a crash.
  process.send(result, () => process.exit(0));
}

process.once('message', (message: unknown) => {
  const parsed = retrainRequest.safeParse(message);
  if (!parsed.success) {
    answer({ type: 'failed', error: `the retrain process got a malformed request: ${parsed.error.issues[0]?.message ?? 'unknown shape'}` });
    return;
  }
  const { file, root, trigger, registeredAs } = parsed.data;
  // The server that asked is gone (killed): its retrain ends with it, recorded as interrupted,
  // rather than running on unseen beside the next server's retrains and leaving its alert
  // saying 'retrain started' (the next server settles that alert; see settleUnfinishedRetrains).
  const stop = new AbortController();
  process.once('disconnect', () => stop.abort());
  const failed = (e: unknown) => answer({ type: 'failed', error: errorLine(e) });
  unchangedSinceLastRun(file, root, registeredAs).then((reason) => {
    if (reason !== undefined) return answer({ type: 'skipped', reason });
    runPipeline({ file, root, trigger, registeredAs, signal: stop.signal }).then(
      (r) => answer({ type: 'done', runId: r.runId, gatesPassed: r.gates.passed, registered: r.registered, notRegistered: notRegisteredDetail(r.gates) }),
      failed,
    );
  }, failed);
});
