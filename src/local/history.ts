import { SIGNALING_ACTION } from '../tencent/chat-types';
import { parseEnvelope, type StoredMessage } from './messages';

/** Cloud-config defaults `history_s_time` (seconds) and `history_s_count` (wire-protocol §3.8). */
export const HISTORY_WINDOW_MS = 300_000;
export const HISTORY_COUNT = 20;

interface Entry {
  readonly pending: string[];
  readonly messages: StoredMessage[];
}

function conversationKey(m: StoredMessage, userID: string): string {
  if (m.conversationType === 'GROUP') return `GROUP${m.to}`;
  return `C2C${m.from === userID ? m.to : m.from}`;
}

/**
 * Picks the stored signaling messages a device replays at login (Chat's `HistorySignalingHandler`):
 * within the last 300 s and the last 20 messages of each conversation, invitations that include
 * `userID`, were not sent by `userID`, have not expired and still have `userID` pending after the
 * later accept / reject / timeout / cancel messages. Returns each such invitation followed by the
 * follow-ups concerning its other invitees, in time order, so replaying them through the normal
 * receive path rebuilds the same local state a device online from the start would have.
 *
 * Like the Chat SDK, an invitation with `timeout: 0` never expires (hangup records can be replayed;
 * the engine ignores them, wire-protocol §9.12).
 */
export function selectReplay(
  visible: readonly StoredMessage[],
  userID: string,
  now: number,
): StoredMessage[] {
  const byConversation = new Map<string, StoredMessage[]>();
  for (const m of visible) {
    if (now - m.serverTime > HISTORY_WINDOW_MS) continue;
    const key = conversationKey(m, userID);
    const list = byConversation.get(key) ?? [];
    list.push(m);
    byConversation.set(key, list);
  }
  const entries = new Map<string, Entry>();
  for (const list of byConversation.values()) {
    for (const m of list.slice(-HISTORY_COUNT)) {
      const env = parseEnvelope(m.payloadData);
      if (env === undefined) continue;
      switch (env.actionType) {
        case SIGNALING_ACTION.INVITE: {
          const expired = env.timeout > 0 && now - m.serverTime > env.timeout * 1000;
          if (env.inviteeList.includes(userID) && env.inviter !== userID && !expired) {
            entries.set(env.inviteID, { pending: [...env.inviteeList], messages: [m] });
          }
          break;
        }
        case SIGNALING_ACTION.CANCEL_INVITE:
          entries.delete(env.inviteID);
          break;
        case SIGNALING_ACTION.ACCEPT_INVITE:
        case SIGNALING_ACTION.REJECT_INVITE:
        case SIGNALING_ACTION.INVITE_TIMEOUT: {
          const entry = entries.get(env.inviteID);
          if (entry === undefined) break;
          for (const invitee of env.inviteeList) {
            const i = entry.pending.indexOf(invitee);
            if (i >= 0) entry.pending.splice(i, 1);
          }
          if (entry.pending.length === 0) entries.delete(env.inviteID);
          else entry.messages.push(m);
          break;
        }
      }
    }
  }
  const out: StoredMessage[] = [];
  for (const entry of entries.values()) {
    if (entry.pending.includes(userID)) out.push(...entry.messages);
  }
  // Array.prototype.sort is stable, so equal timestamps keep their store order.
  return out.sort((a, b) => a.serverTime - b.serverTime);
}
