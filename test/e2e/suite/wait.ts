import * as vscode from 'vscode';

/** Resolves when `get()` returns a value, re-checking on each event; rejects after `ms` with `what`. */
export function waitFor<T>(event: vscode.Event<unknown>, get: () => T | undefined, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = get();
    if (now !== undefined) return resolve(now);
    const sub = event(() => {
      const v = get();
      if (v === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Waits until the diagnostics of `uri` satisfy `pick`, driven by `onDidChangeDiagnostics`. */
export function waitForDiagnostics<T>(uri: vscode.Uri, pick: (ds: vscode.Diagnostic[]) => T | undefined, ms: number, what: string): Promise<T> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => pick(vscode.languages.getDiagnostics(uri)), ms, what);
}
