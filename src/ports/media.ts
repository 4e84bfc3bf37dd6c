/** A TRTC room: numeric (`roomId` > 0) or string (`strRoomId` non-empty). */
export interface RoomRef {
  readonly roomId: number;
  readonly strRoomId: string;
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** A fact reported by the media layer. */
export type MediaFact =
  | { readonly type: 'remoteUserEnter'; readonly userID: string }
  | { readonly type: 'remoteUserExit'; readonly userID: string; readonly reason?: number }
  | { readonly type: 'remoteAudioAvailable'; readonly userID: string; readonly available: boolean }
  | { readonly type: 'remoteVideoAvailable'; readonly userID: string; readonly available: boolean }
  /** `userID` '' is the local user. */
  | { readonly type: 'audioVolume'; readonly volumes: readonly { userID: string; volume: number }[] }
  /** TRTC 0..6 scale; `userID` '' is the local uplink. */
  | { readonly type: 'networkQuality'; readonly userID: string; readonly quality: number }
  | { readonly type: 'connectionState'; readonly state: ConnectionState }
  | { readonly type: 'kicked'; readonly reason: string }
  | { readonly type: 'error'; readonly code: number; readonly message: string };

/** Media port: what the engine needs from TRTC. Every method rejects on failure. */
export interface MediaPort {
  enterRoom(room: RoomRef): Promise<void>;
  exitRoom(): Promise<void>;
  startLocalAudio(): Promise<void>;
  muteLocalAudio(mute: boolean): Promise<void>;
  stopLocalAudio(): Promise<void>;
  /** `view` is a DOM element or element id in browsers; ignored by simulated media. */
  startLocalVideo(options?: { view?: unknown; publish?: boolean }): Promise<void>;
  muteLocalVideo(mute: boolean): Promise<void>;
  stopLocalVideo(): Promise<void>;
  listen(handler: (fact: MediaFact) => void): () => void;
  destroy(): Promise<void>;
}
