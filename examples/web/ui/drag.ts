/**
 * Makes an element draggable with the pointer (mouse or touch), like WeChat's small local preview and
 * floating window. The position goes into the CSS variables `--drag-x` / `--drag-y`, so the stylesheet
 * decides where dragging applies (the preview is only draggable in a 1v1 call, not in the group grid).
 * A drag of less than a few pixels stays a click.
 */
export function makeDraggable(el: HTMLElement, enabled: () => boolean = () => true): void {
  let start: { x: number; y: number; left: number; top: number } | null = null;
  let moved = false;
  el.addEventListener('pointerdown', (event) => {
    // Capturing the pointer would retarget clicks on buttons inside `el`: only drag when asked to.
    if (!enabled()) return;
    const box = el.getBoundingClientRect();
    start = { x: event.clientX, y: event.clientY, left: box.left, top: box.top };
    moved = false;
    el.setPointerCapture(event.pointerId);
  });
  el.addEventListener('pointermove', (event) => {
    if (start === null) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!moved && Math.hypot(dx, dy) < 5) return;
    moved = true;
    // Keep the element on screen.
    const left = Math.min(Math.max(0, start.left + dx), window.innerWidth - el.offsetWidth);
    const top = Math.min(Math.max(0, start.top + dy), window.innerHeight - el.offsetHeight);
    el.style.setProperty('--drag-x', `${left}px`);
    el.style.setProperty('--drag-y', `${top}px`);
  });
  el.addEventListener('pointerup', () => {
    start = null;
  });
  // A drag must not also count as a click on the element (restore the floating window, swap views).
  el.addEventListener(
    'click',
    (event) => {
      if (moved) event.stopPropagation();
      moved = false;
    },
    true,
  );
}
