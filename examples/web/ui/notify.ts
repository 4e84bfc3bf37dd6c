/**
 * A browser notification for an incoming call while the page is hidden (another tab, minimized window).
 * Clicking it brings the page back; it closes by itself once the call stops ringing.
 */
import type { CallEngine } from 'headless-call-engine';

export function notifyIncomingCalls(engine: CallEngine): () => void {
  let current: Notification | null = null;
  const offReceived = engine.on('callReceived', ({ callerId, mediaType, groupId }) => {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
    const what = mediaType === 'video' ? 'video call' : 'voice call';
    current = new Notification(`${callerId} is calling`, {
      body: groupId ? `Group ${what} in ${groupId}` : `Incoming ${what}`,
      tag: 'incoming-call',
      requireInteraction: true,
    });
    current.onclick = () => {
      window.focus();
      current?.close();
    };
  });
  const offSnapshot = engine.subscribe((s) => {
    if (s.status !== 'ringing') {
      current?.close();
      current = null;
    }
  });
  return () => {
    offReceived();
    offSnapshot();
  };
}
