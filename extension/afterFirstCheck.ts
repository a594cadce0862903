import * as vscode from 'vscode';
import type { ServerSession } from './session.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

/** The longest the backend waits for the language server's first result. */
const CAP_MS = 10_000;

/**
 * Resolves once the language server has had its start to itself: it is up (or gave up) and the
 * open pipelines have their first complete check, or after 10 s at most. The backend (training,
 * serving: a larger process with native modules) starts then, so a fresh window's first
 * diagnostics do not share the CPU with it (measured in code-server on 2 cores: the language
 * server took 9 s to start beside it).
 */
export function afterFirstCheck(session: ServerSession): Promise<void> {
  return new Promise<void>((resolve) => {
    const subs: vscode.Disposable[] = [];
    const done = () => {
      clearTimeout(cap);
      subs.forEach((s) => s.dispose());
      resolve();
    };
    const cap = setTimeout(done, CAP_MS);
    // Before its start the session reads 'stopped' too: only a stop after a start counts.
    let started = false;
    const check = () => {
      const s = session.state;
      if (s.kind !== 'stopped') started = true;
      else if (started) return done();
      if (s.kind !== 'ready') return;
      const waiting = vscode.workspace.textDocuments.some(
        (d) => d.languageId === LANGUAGE_ID && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled') && !d.isClosed && !session.hasChecked(d.uri),
      );
      if (!waiting) done();
    };
    subs.push(session.onDidChangeState(check), session.onDidCheck(check));
    check();
  });
}
