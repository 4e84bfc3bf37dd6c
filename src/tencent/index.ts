/**
 * Production adapters for Tencent Cloud Chat (signaling) and TRTC (media). Both take the vendor objects
 * by injection; nothing here imports `@tencentcloud/chat` or `trtc-sdk-v5` at runtime.
 */
export { type ChatSignalingError, type ChatSignalingOptions, createChatSignaling } from './chat-signaling';
export * from './chat-types';
export { createTRTCMedia, type TRTCMediaError, type TRTCMediaOptions } from './trtc-media';
export * from './trtc-types';
