/**
 * A tiny hyperscript helper so the demo needs no framework: `h('button', { testid: 'x', onclick }, 'Go')`.
 * `testid` becomes `data-testid` (the end-to-end tests find elements by it), `on*` keys add listeners,
 * `true` / `false` add / skip a boolean attribute.
 */
type Attr = string | number | boolean | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'testid') el.dataset.testid = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

/** Shows or hides an element (the `hidden` attribute; the stylesheet makes it `display: none`). */
export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** Sets a text only when it changed, so re-rendering on every snapshot stays cheap. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** `mm:ss` (or `h:mm:ss`) of a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** Demo user and group names: what Tencent Cloud accepts for a UserID, so both backends agree. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Splits "bob, carol dave" into valid, distinct names. */
export function parseNames(text: string): string[] {
  const names = text.split(/[\s,;]+/).filter((name) => NAME_PATTERN.test(name));
  return [...new Set(names)];
}
