import type { ServerLink } from './frames';
import { createMeshTRTCClass, type MeshTRTCClass, type MeshTRTCOptions } from './mesh/index';
import { createRemoteChat, type RemoteChat } from './remote-chat';
import { openServerLink, type ServerLinkOptions } from './server-link';

/** SDKAppID and UserSig to give the engine on the local backend (nothing checks them). */
export const LOCAL_SDK_APP_ID = 1;

/** A device connected to the local call server: what `createCallEngine` needs, plus the link. */
export interface LocalServerConnection {
  /** Chat-compatible client (also `createGroup(groupID, memberIDs)` for demos and tests). */
  readonly chat: RemoteChat;
  /** TRTC-compatible class: a WebRTC mesh in browsers, room state only where WebRTC is missing. */
  readonly TRTC: MeshTRTCClass;
  readonly sdkAppId: number;
  readonly userSig: string;
  readonly link: ServerLink;
  /** Logs out and closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects one device to the local call server (`npm start`, or `createLocalCallServer`): signaling
 * through its Chat-compatible hub, media as a WebRTC mesh relayed through it. Browsers use the native
 * WebSocket; Node passes `WebSocket` from the `ws` package.
 *
 * ```ts
 * const { chat, TRTC, sdkAppId, userSig } = await connectLocalServer({ url: 'ws://127.0.0.1:8080', userID: 'alice' });
 * const engine = createCallEngine({ userID: 'alice', chat, TRTC, sdkAppId, userSig });
 * ```
 */
export async function connectLocalServer(
  options: ServerLinkOptions & { media?: MeshTRTCOptions },
): Promise<LocalServerConnection> {
  const { media, ...linkOptions } = options;
  const link = await openServerLink(linkOptions);
  const chat = createRemoteChat(link);
  return {
    chat,
    TRTC: createMeshTRTCClass(link, media),
    sdkAppId: LOCAL_SDK_APP_ID,
    userSig: options.userSig ?? 'local',
    link,
    close: () => chat.logout(),
  };
}
