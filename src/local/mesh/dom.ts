/** The few DOM operations the mesh client needs, each a no-op without a document (Node). */

/**
 * The element a TRTC `view` names: an element id, an element, or an array of elements (the first is
 * used). `null` when there is no such element.
 */
export function resolveView(doc: Document | undefined, view: unknown): HTMLElement | null {
  if (doc === undefined || view === undefined || view === null) return null;
  if (typeof view === 'string') return view === '' ? null : doc.getElementById(view);
  const first: unknown = Array.isArray(view) ? view[0] : view;
  // Duck-typed rather than `instanceof HTMLElement`: the element may come from another window.
  const el = first as { nodeType?: unknown; appendChild?: unknown } | null | undefined;
  return el && el.nodeType === 1 && typeof el.appendChild === 'function' ? (first as HTMLElement) : null;
}

/** A `<video>` that fills its view, for a local preview or a remote user. */
export function createVideoElement(
  doc: Document,
  stream: MediaStream,
  options: { muted: boolean; mirror?: boolean },
): HTMLVideoElement {
  const video = doc.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  // Attributes too: some browsers (old iOS Safari) read only these for autoplay and inline playback.
  video.setAttribute('playsinline', '');
  video.setAttribute('autoplay', '');
  video.muted = options.muted;
  if (options.muted) video.setAttribute('muted', '');
  Object.assign(video.style, { width: '100%', height: '100%', objectFit: 'cover', display: 'block' });
  if (options.mirror) video.style.transform = 'scaleX(-1)';
  video.srcObject = stream;
  return video;
}

/** Removes an element from the page and lets go of its stream. */
export function removeElement(el: HTMLMediaElement | undefined): void {
  if (el === undefined) return;
  el.pause?.();
  el.srcObject = null;
  el.remove();
}

/** The `MediaStream` constructor of the page, if any. */
export function mediaStreamClass(doc: Document | undefined): typeof MediaStream | undefined {
  const win = doc?.defaultView as (Window & { MediaStream?: typeof MediaStream }) | null | undefined;
  return win?.MediaStream ?? (globalThis as { MediaStream?: typeof MediaStream }).MediaStream;
}
