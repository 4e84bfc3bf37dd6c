import type { CallPayload, OutboundSignal } from '../../src/index';
import { NEUTRAL_PAYLOAD } from '../../src/protocol/decode';

/**
 * The payload a receiver's Chat adapter would decode from `signal` (what `encodeSignal` then
 * `decodeCallData` yield, field for field), built directly: the benchmarks measure the engine, not
 * the JSON codec.
 */
export function payloadOf(signal: OutboundSignal, platform = 'Web'): CallPayload {
  const call = signal.call;
  const room = call.strRoomId === '' ? call.roomId : 0;
  // Mutable copy of the neutral payload, with what every signal carries.
  const payload: { -readonly [K in keyof CallPayload]: CallPayload[K] } = {
    ...NEUTRAL_PAYLOAD,
    version: 4,
    platform,
    mediaType: call.mediaType,
    roomId: room,
    strRoomId: call.strRoomId,
    inviter: call.inviter,
  };
  switch (signal.type) {
    case 'invite':
      payload.cmd = `${call.mediaType}Call`;
      payload.userIDs = signal.userIDs;
      payload.userData = signal.userData;
      payload.inCallUserIDs = signal.inCallUserIDs;
      payload.initialCallId = signal.initialCallId;
      break;
    case 'reject':
      if (signal.busy === true) {
        payload.roomId = 0;
        payload.strRoomId = '';
        payload.lineBusy = true;
        payload.message = 'lineBusy';
      }
      break;
    case 'cancel':
      payload.cmd = `${call.mediaType}Call`;
      break;
    case 'hangup':
      payload.cmd = 'hangup';
      payload.callEnd = signal.durationSec;
      break;
    case 'switchToAudio':
    case 'switchAccept':
      payload.cmd = 'switchToAudio';
      payload.inviter = '';
      payload.switchToAudio = true;
      if (signal.type === 'switchAccept') {
        payload.roomId = 0;
        payload.strRoomId = '';
      }
      break;
    case 'accept':
      break;
  }
  return payload;
}
