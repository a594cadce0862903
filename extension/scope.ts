import type * as vscode from 'vscode';

/**
 * A set of registrations disposed together, newest first. The extension keeps two: one for its
 * own lifetime and one for the current language server, so a restart drops every
 * server-bound registration without touching the rest (rust-analyzer's habit).
 */
export class Scope implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) {
      // A late registration into a dead scope must not leak.
      void item.dispose();
      return item;
    }
    this.items.push(item);
    return item;
  }

  dispose(): void {
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) {
      try {
        void item.dispose();
      } catch {
        // One failing disposal must not keep the others alive.
      }
    }
  }
}
