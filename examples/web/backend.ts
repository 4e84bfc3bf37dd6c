/**
 * The demo's backend choice: the embedded local call server (default) or Tencent Cloud (Chat + TRTC).
 * Either way the page gets what `createCallEngine` needs — a Chat(-compatible) instance, a TRTC(-compatible)
 * class, the SDKAppID and a UserSig — plus group creation and a clean close.
 *
 * The Tencent SDKs are loaded with dynamic `import()` only in Tencent mode, so the local demo never downloads
 * them. The Tencent branch itself (tencent-backend.ts) takes them injected, so a Node test runs it with the
 * local Chat/TRTC stand-ins.
 */
import type { ChatLike, TRTCClassLike } from 'headless-call-engine';
import { connectLocalServer } from 'headless-call-engine/local';
import type { DemoConfig } from './config';
import { connectTencent, type TencentDeps } from './tencent-backend';

export interface DemoBackend {
  readonly mode: DemoConfig['mode'];
  readonly chat: ChatLike;
  readonly TRTC: TRTCClassLike;
  readonly sdkAppId: number;
  readonly userSig: string;
  /**
   * Logs the Chat instance in. Call it after `createCallEngine`, so the engine's listeners are in place
   * when Chat replays invitations that arrived while this user was offline.
   */
  login(): Promise<void>;
  /** Creates a chat group whose members can then be called together. */
  createGroup(groupID: string, memberIDs: string[]): Promise<void>;
  /** Logs out and releases the connection. */
  close(): Promise<void>;
}

/** Connects the signed-in user to the backend the server configured. */
export function connectBackend(
  config: DemoConfig,
  userID: string,
  deviceId: string,
  tencent: TencentDeps = browserTencentDeps(config),
): Promise<DemoBackend> {
  if (config.mode === 'tencent') return connectTencent(userID, tencent);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return connectLocal(`${scheme}://${location.host}${config.wsPath}`, userID, deviceId);
}

/** The local call server: already logged in once connected (with a UserSig fetched from its `/usersig`). */
export async function connectLocal(url: string, userID: string, deviceId: string): Promise<DemoBackend> {
  const local = await connectLocalServer({ url, userID, deviceId });
  return {
    mode: 'local',
    chat: local.chat,
    TRTC: local.TRTC,
    sdkAppId: local.sdkAppId,
    userSig: local.userSig,
    login: async () => undefined,
    createGroup: async (groupID, memberIDs) => {
      await local.chat.createGroup(groupID, memberIDs);
    },
    close: () => local.close(),
  };
}

function browserTencentDeps(config: DemoConfig): TencentDeps {
  return {
    // The vendor packages are CommonJS/UMD: their default export is the SDK object.
    loadChat: async () => (await import('@tencentcloud/chat')).default,
    loadTRTC: async () => (await import('trtc-sdk-v5')).default,
    fetchUserSig: async (userID) => {
      const sigPath = config.mode === 'tencent' ? config.sigPath : '';
      const response = await fetch(`${sigPath}?userID=${encodeURIComponent(userID)}`);
      if (!response.ok)
        throw new Error(`UserSig request failed: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { sdkAppId?: unknown; userSig?: unknown };
      if (typeof body.userSig !== 'string' || !Number.isSafeInteger(body.sdkAppId)) {
        throw new Error('UserSig response: unexpected content');
      }
      return { sdkAppId: body.sdkAppId as number, userSig: body.userSig };
    },
  };
}
