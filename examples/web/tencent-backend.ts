/**
 * Tencent Cloud mode of the demo: `@tencentcloud/chat` for signaling, `trtc-sdk-v5` for media, and a
 * UserSig minted by the demo server (the SecretKey never reaches the page). The SDKs and the UserSig
 * request are injected: the browser passes dynamic imports and `fetch`, a Node test passes the local
 * Chat/TRTC stand-ins.
 */
import type { ChatLike, TRTCClassLike } from 'headless-call-engine';
import type { DemoBackend } from './backend';

/** What the demo uses of `@tencentcloud/chat`'s default export (the real one fits this shape). */
export interface TencentChatModule {
  create(options: { SDKAppID: number }): TencentChat;
  readonly EVENT: { readonly SDK_READY: string };
  readonly TYPES: { readonly GRP_WORK: string };
}

/** What the demo uses of a `@tencentcloud/chat` instance, beyond what the engine needs. */
export interface TencentChat extends ChatLike {
  login(options: { userID: string; userSig: string }): Promise<unknown>;
  logout(): Promise<unknown>;
  destroy(): Promise<unknown>;
  isReady(): boolean;
  // Optional fields as in the vendor's CREATE_GROUP_OPTIONS, so the real ChatSDK fits structurally.
  createGroup(options: {
    type: string | number;
    name: string;
    groupID?: string;
    memberList?: { userID: string }[];
  }): Promise<unknown>;
}

/** Injectable outside world of the Tencent branch. */
export interface TencentDeps {
  loadChat(): Promise<TencentChatModule>;
  loadTRTC(): Promise<TRTCClassLike>;
  /** Asks the demo server for a UserSig (minted there: the secret key never reaches the page). */
  fetchUserSig(userID: string): Promise<{ sdkAppId: number; userSig: string }>;
}

/** Tencent Cloud Chat + TRTC, with a UserSig minted by the demo server. */
export async function connectTencent(userID: string, deps: TencentDeps): Promise<DemoBackend> {
  const [ChatSDK, TRTC, sig] = await Promise.all([
    deps.loadChat(),
    deps.loadTRTC(),
    deps.fetchUserSig(userID),
  ]);
  const chat = ChatSDK.create({ SDKAppID: sig.sdkAppId });
  return {
    mode: 'tencent',
    chat,
    TRTC,
    sdkAppId: sig.sdkAppId,
    userSig: sig.userSig,
    async login() {
      // Signaling works only after SDK_READY, which may come after login() resolves.
      const ready = new Promise<void>((resolve) => {
        const onReady = () => {
          chat.off(ChatSDK.EVENT.SDK_READY, onReady);
          resolve();
        };
        chat.on(ChatSDK.EVENT.SDK_READY, onReady);
      });
      await chat.login({ userID, userSig: sig.userSig });
      if (!chat.isReady()) await ready;
    },
    async createGroup(groupID, memberIDs) {
      const memberList = memberIDs.filter((id) => id !== userID).map((id) => ({ userID: id }));
      await chat.createGroup({ type: ChatSDK.TYPES.GRP_WORK, name: groupID, groupID, memberList });
    },
    async close() {
      await chat.logout().catch(() => undefined);
      await chat.destroy();
    },
  };
}
