/**
 * What the page learns from the server at start-up (`GET /demo-config.json`): which backend to use.
 * The server decides (Tencent mode needs its secret key, which never reaches the page).
 */
export type DemoConfig =
  /** The embedded local call server: Chat and TRTC stand-ins over one WebSocket. */
  | { mode: 'local'; wsPath: string }
  /** Tencent Cloud: the page fetches a UserSig for its user from `sigPath`. */
  | { mode: 'tencent'; sdkAppId: number; sigPath: string };

/** Validates the untrusted JSON the page fetched. */
export function parseDemoConfig(value: unknown): DemoConfig {
  const v = (value ?? {}) as Record<string, unknown>;
  if (v.mode === 'local' && typeof v.wsPath === 'string' && v.wsPath.startsWith('/')) {
    return { mode: 'local', wsPath: v.wsPath };
  }
  if (
    v.mode === 'tencent' &&
    Number.isSafeInteger(v.sdkAppId) &&
    (v.sdkAppId as number) > 0 &&
    typeof v.sigPath === 'string' &&
    v.sigPath.startsWith('/')
  ) {
    return { mode: 'tencent', sdkAppId: v.sdkAppId as number, sigPath: v.sigPath };
  }
  throw new Error('demo-config.json: unexpected content');
}
