import type { CallRole, EndReason, MediaType } from '../machine/types';
import type { ConnectionState, DeviceAction, DeviceKind, MediaDevice } from '../ports/media';

/** The typed event map of the engine: event name → payload. */
// A type alias (not an interface) so it satisfies mitt's Record<EventType, unknown> constraint.
export type CallEngineEvents = {
  /** An incoming call rings on this device. */
  callReceived: {
    callId: string;
    callerId: string;
    calleeIds: readonly string[];
    groupId: string;
    mediaType: MediaType;
    userData: string;
  };
  /** This device is now in the call. */
  callAccepted: { callId: string; role: CallRole; mediaType: MediaType; roomId: number; strRoomId: string };
  /** The call is over on this device. `connected` is true when media with a peer was established. */
  callEnded: {
    callId: string | null;
    role: CallRole | null;
    mediaType: MediaType;
    reason: EndReason;
    /** TUICallKit's numeric `CallEndReason`. */
    reasonCode: number;
    connected: boolean;
    durationMs: number;
  };
  mediaTypeChanged: { callId: string; oldMediaType: MediaType; newMediaType: MediaType };
  userInvited: { callId: string; userID: string };
  userAccepted: { callId: string; userID: string };
  userRejected: { callId: string; userID: string };
  userBusy: { callId: string; userID: string };
  userNoResponse: { callId: string; userID: string };
  userJoined: { callId: string; userID: string };
  userLeft: { callId: string; userID: string };
  userVideoAvailable: { callId: string; userID: string; available: boolean };
  userAudioAvailable: { callId: string; userID: string; available: boolean };
  userVolumeChanged: { callId: string; userID: string; volume: number };
  networkQualityChanged: { callId: string; userID: string; quality: number };
  connectionChanged: { state: ConnectionState };
  /**
   * A participant's network (`userID` '' = this device's) stayed poor (TRTC quality ≥ 4) for 5 s. The
   * engine lowered the video profile; the UI may offer to switch to audio.
   */
  networkWeak: { callId: string | null; userID: string; quality: number; suggestion: 'switchToAudio' };
  /** That network has been fine again for 5 s; the video profile is restored. */
  networkRecovered: { callId: string | null; userID: string };
  /** The browser blocked playing a remote user's media until a user gesture. */
  autoplayFailed: { userID: string };
  /** The browser refused to play the ringtone (autoplay); it retries on the next user gesture. */
  ringtoneBlocked: { kind: 'dialing' | 'ringing'; error: unknown };
  kickedOffline: { reason: string };
  /** A camera, microphone or speaker was plugged in, unplugged, or became the one in use. */
  deviceChanged: { kind: DeviceKind; action: DeviceAction; device: MediaDevice };
  /**
   * The UserSig given as `userSigExpiresAt` (or to `updateUserSig`) expires soon: mint a new one and
   * pass it to `updateUserSig` (and to the Chat SDK's own login when it is the same signature).
   */
  userSigExpiring: { expiresAt: number };
  /** Something failed that the app should know about (a command's own failure also rejects it). */
  error: { code: number; message: string; cause?: unknown };
  /** Inbound input was ignored; `code` says which rule dropped it. */
  warning: { code: string; message: string; callId?: string; inviteID?: string };
};

export type CallEngineEventName = keyof CallEngineEvents;

/** Every event name of {@link CallEngineEvents}, for recorders and bridges. */
export const CALL_ENGINE_EVENT_NAMES = Object.freeze([
  'callReceived',
  'callAccepted',
  'callEnded',
  'mediaTypeChanged',
  'userInvited',
  'userAccepted',
  'userRejected',
  'userBusy',
  'userNoResponse',
  'userJoined',
  'userLeft',
  'userVideoAvailable',
  'userAudioAvailable',
  'userVolumeChanged',
  'networkQualityChanged',
  'connectionChanged',
  'networkWeak',
  'networkRecovered',
  'autoplayFailed',
  'ringtoneBlocked',
  'kickedOffline',
  'deviceChanged',
  'userSigExpiring',
  'error',
  'warning',
] as const satisfies readonly CallEngineEventName[]);
