/**
 * What a canvas needs from the VS Code theme. Colours stay defined once, in the stylesheet:
 * a hidden probe element per class is styled by it and its computed style is read back.
 */

/** Computed style of an element with `className`, styled by the page's CSS but never shown. */
export function probeStyle(className: string): CSSStyleDeclaration {
  let box = document.getElementById('mlpipe-theme-probes');
  if (!box) {
    box = document.createElement('div');
    box.id = 'mlpipe-theme-probes';
    box.setAttribute('aria-hidden', 'true');
    // In the layout (so inherited fonts resolve) but neither seen nor sized.
    box.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;visibility:hidden';
    document.body.append(box);
  }
  let probe = Array.from(box.children).find((c) => c.className === className) as HTMLElement | undefined;
  if (!probe) {
    probe = document.createElement('span');
    probe.className = className;
    box.append(probe);
  }
  return getComputedStyle(probe);
}

/** The CSS font shorthand a computed style describes, for a 2D context's `font`. */
export function fontOf(style: CSSStyleDeclaration): string {
  const size = style.fontSize || '13px';
  const family = style.fontFamily || 'sans-serif';
  return `${style.fontStyle || 'normal'} ${style.fontWeight || '400'} ${size} ${family}`;
}

/**
 * Calls `changed` when VS Code switches theme: it rewrites the variables on <html>'s style
 * and the theme kind in <body>'s class. Returns a function that stops watching.
 */
export function onThemeChange(changed: () => void): () => void {
  const Observer = (globalThis as { MutationObserver?: typeof MutationObserver }).MutationObserver;
  if (!Observer) return () => undefined;
  const observer = new Observer(() => changed());
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
