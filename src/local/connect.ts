import { CHAT_ERROR } from './errors';
import type { ServerLink } from './frames';
import { createMeshTRTCClass, type MeshTRTCClass, type MeshTRTCOptions } from './mesh/index';
import { createRemoteChat, type RemoteChat } from './remote-chat';
import { LINK_TIMEOUT_CODE, type LinkError, openServerLink, type ServerLinkOptions } from './server-link';

/** SDKAppID to give the engine on the local backend (nothing checks it). */
export const LOCAL_SDK_APP_ID = 1;

/** The `fetch` of browsers and Node 18+, as far as the UserSig request uses it. */
export type FetchLike = (url: string) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

const failure = (code: number, message: string): LinkError => Object.assign(new Error(message), { code });

/**
 * Asks a local call server for a UserSig for `userID` at its `/usersig` endpoint (next to the WebSocket
 * URL: `ws://host:port/` → `http://host:port/usersig`). Rejects with code 2801 when the server cannot be
 * reached, 70003 when it does not issue UserSigs (then get one from your backend).
 */
export async function fetchLocalUserSig(url: string, userID: string, fetchImpl?: FetchLike): Promise<string> {
  const globalFetch = (globalThis as { fetch?: FetchLike }).fetch;
  // Called through globalThis: a browser's fetch detached from its window throws "Illegal invocation".
  const request =
    fetchImpl ?? (globalFetch && ((u: string) => (globalThis as { fetch: FetchLike }).fetch(u)));
  if (request === undefined) throw failure(LINK_TIMEOUT_CODE, 'no fetch: pass options.userSig');
  let endpoint: URL;
  try {
    endpoint = new URL('usersig', url.replace(/^ws(s?):/i, 'http$1:'));
  } catch {
    throw failure(CHAT_ERROR.INVALID_PARAMETER, `not a server URL: ${url}`);
  }
  endpoint.searchParams.set('userID', userID);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await request(endpoint.href);
  } catch (err) {
    throw failure(LINK_TIMEOUT_CODE, `could not reach ${endpoint.origin} for a UserSig (${String(err)})`);
  }
  if (!response.ok) {
    const reason = (await response.text().catch(() => '')).trim();
    throw failure(CHAT_ERROR.USER_SIG_INVALID, `UserSig request failed: ${response.status} ${reason}`);
  }
  const body = (await response.json().catch(() => undefined)) as { userSig?: unknown } | undefined;
  if (typeof body?.userSig !== 'string')
    throw failure(CHAT_ERROR.USER_SIG_INVALID, 'UserSig response: no userSig');
  return body.userSig;
}

/** A device connected to the local call server: what `createCallEngine` needs, plus the link. */
export interface LocalServerConnection {
  /** Chat-compatible client (also `createGroup(groupID, memberIDs)` for demos and tests). */
  readonly chat: RemoteChat;
  /** TRTC-compatible class: a WebRTC mesh in browsers, room state only where WebRTC is missing. */
  readonly TRTC: MeshTRTCClass;
  readonly sdkAppId: number;
  /** The UserSig this device logged in with. */
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
 * The server checks the login's `userSig`. Without `options.userSig`, one is fetched from the server's
 * `/usersig` endpoint (the default local server serves it; see {@link fetchLocalUserSig}).
 *
 * ```ts
 * const { chat, TRTC, sdkAppId, userSig } = await connectLocalServer({ url: 'ws://127.0.0.1:8080', userID: 'alice' });
 * const engine = createCallEngine({ userID: 'alice', chat, TRTC, sdkAppId, userSig });
 * ```
 */
export async function connectLocalServer(
  options: ServerLinkOptions & { media?: MeshTRTCOptions; fetch?: FetchLike },
): Promise<LocalServerConnection> {
  const { media, fetch: fetchImpl, ...linkOptions } = options;
  const userSig = linkOptions.userSig ?? (await fetchLocalUserSig(options.url, options.userID, fetchImpl));
  const link = await openServerLink({ ...linkOptions, userSig });
  const chat = createRemoteChat(link);
  return {
    chat,
    TRTC: createMeshTRTCClass(link, media),
    sdkAppId: LOCAL_SDK_APP_ID,
    userSig,
    link,
    close: () => chat.logout(),
  };
}
