// The browser side of the suite's ui steps (test/e2e/suite/uiStep.ts): a checkpoint file whose
// content is {"actions": [...]} is carried out here against the real workbench.

/** Resolves once `selector` (with `hasText`) is in the page or, with inWebview, in any of its frames. */
async function waitFor(page, { selector, hasText, inWebview, timeoutMs = 60_000 }) {
  if (!inWebview) {
    await page.locator(selector, hasText ? { hasText } : {}).first().waitFor({ timeout: timeoutMs });
    return;
  }
  // Webviews are nested iframes that come and go: look in every frame until one has it.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const n = await frame.locator(selector, hasText ? { hasText } : {}).count().catch(() => 0);
      if (n > 0) return;
    }
    if (Date.now() > deadline) throw new Error(`no '${selector}'${hasText ? ` with '${hasText}'` : ''} in any webview within ${timeoutMs} ms`);
    await page.waitForEvent('framenavigated', { timeout: 500 }).catch(() => undefined);
  }
}

/** Runs the actions of one step; `shot(name)` saves a screenshot. */
export async function runActions(page, actions, shot) {
  for (const a of actions) {
    if (a.kind === 'click') await page.locator(a.selector, a.hasText ? { hasText: a.hasText } : {}).first().click({ timeout: 30_000 });
    else if (a.kind === 'waitFor') await waitFor(page, a);
    else if (a.kind === 'shot') await shot(a.name);
    else throw new Error(`unknown ui action ${JSON.stringify(a)}`);
  }
}
