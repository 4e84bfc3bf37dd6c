/**
 * Proves the real vendor declarations fit the engine's structural types, so an app can pass
 * `TencentCloudChat.create(...)` and `TRTC` straight into the adapters. Type-only: neither vendor
 * package may be loaded at runtime in Node (dependencies.md §2.5, §3.6).
 */
import type { ChatSDK } from '@tencentcloud/chat';
import type TRTC from 'trtc-sdk-v5';
import { describe, expectTypeOf, test } from 'vitest';
import type {
  ChatLike,
  createChatSignaling,
  createTRTCMedia,
  TRTCClassLike,
  TRTCLike,
} from '../src/tencent/index';

describe('vendor types', () => {
  test('@tencentcloud/chat ChatSDK is a ChatLike', () => {
    expectTypeOf<ChatSDK>().toExtend<ChatLike>();
    expectTypeOf<ChatSDK>().toExtend<Parameters<typeof createChatSignaling>[0]>();
  });

  test('the trtc-sdk-v5 class is a TRTCClassLike and its instances are TRTCLike', () => {
    expectTypeOf<typeof TRTC>().toExtend<TRTCClassLike>();
    expectTypeOf<TRTC>().toExtend<TRTCLike>();
    expectTypeOf<ReturnType<(typeof TRTC)['create']>>().toExtend<TRTCLike>();
    expectTypeOf<typeof TRTC>().toExtend<Parameters<typeof createTRTCMedia>[0]>();
  });

  test('the structural types are not vacuous', () => {
    expectTypeOf<{ invite(): void }>().not.toExtend<ChatLike>();
    expectTypeOf<{ create(): object }>().not.toExtend<TRTCClassLike>();
  });
});
