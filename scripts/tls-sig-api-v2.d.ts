/** Types for `tls-sig-api-v2` (CommonJS, ships none): Tencent's UserSig generator. */
declare module 'tls-sig-api-v2' {
  /** Signs UserSigs for one SDKAppID with its SecretKey (HMAC-SHA256, zlib + base64url). */
  class Api {
    constructor(sdkAppId: number, secretKey: string);
    /** A UserSig for `userID`, valid `expireSeconds` from now. */
    genSig(userID: string, expireSeconds: number): string;
    genUserSig(userID: string, expireSeconds: number): string;
  }
  const tls: { Api: typeof Api };
  export default tls;
}
