// The browser side of the suite's ui steps (test/e2e/suite/uiStep.ts): a checkpoint file whose
// content is {"actions": [...]} is carried out here against the real workbench.

/**
 * What the page holds for `selector` when a wait for it failed: how many there are, how many are
 * visible, and the first few texts, so a failure says whether the thing was absent, hidden or
 * different (e.g. a notification list that kept other items in its DOM).
 */
async function describe(page, selector) {
  const all = page.locator(selector);
  const n = await all.count().catch(() => 0);
  const visible = await all.filter({ visible: true }).count().catch(() => 0);
  const texts = n ? await all.evaluateAll((els) => els.slice(0, 4).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 160))).catch(() => []) : [];
  return `${n} '${selector}' in the page, ${visible} visible${texts.length ? `: ${texts.map((t) => JSON.stringify(t)).join(' | ')}` : ''}`;
}

/** Only what is shown: a hidden copy earlier in the DOM (a closed toast, a collapsed list) must not be the one waited for. */
const shown = (page, selector, hasText) => page.locator(selector, hasText ? { hasText } : {}).filter({ visible: true }).first();

/** Resolves once `selector` (with `hasText`) is shown in the page or, with inWebview, is in any of its frames. */
async function waitFor(page, { selector, hasText, inWebview, timeoutMs = 60_000 }) {
  if (!inWebview) {
    try {
      await shown(page, selector, hasText).waitFor({ timeout: timeoutMs });
    } catch (e) {
      throw new Error(`no visible '${selector}'${hasText ? ` with '${hasText}'` : ''} within ${timeoutMs} ms (${await describe(page, selector)})`, { cause: e });
    }
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
    if (a.kind === 'click') await shown(page, a.selector, a.hasText).click({ timeout: a.timeoutMs ?? 30_000 });
    else if (a.kind === 'waitFor') await waitFor(page, a);
    else if (a.kind === 'shot') await shot(a.name);
    else if (a.kind === 'type') {
      await page.keyboard.type(a.text);
      await page.keyboard.press('Enter');
    }
    else throw new Error(`unknown ui action ${JSON.stringify(a)}`);
  }
}
