import { describe, expectTypeOf, it } from 'vitest';
import type { CALL_ENGINE_EVENT_NAMES } from '../src/engine/events';
import type {
  CallEngine,
  CallEngineEventName,
  CallEngineEvents,
  CallSnapshot,
  CameraFacing,
  DeviceAction,
  DeviceKind,
  EndReason,
  GroupCallInfo,
  MediaDevice,
  ParticipantStatus,
} from '../src/index';

declare const engine: CallEngine;

describe('public types', () => {
  it('on() is typed per event and returns an unsubscribe function', () => {
    engine.on('callEnded', (e) => {
      expectTypeOf(e.reason).toEqualTypeOf<EndReason>();
      expectTypeOf(e.durationMs).toEqualTypeOf<number>();
      expectTypeOf(e.connected).toEqualTypeOf<boolean>();
    });
    expectTypeOf(engine.on('callReceived', () => {})).toEqualTypeOf<() => void>();
    // @ts-expect-error unknown event names are rejected
    engine.on('callEnd', () => {});
    // @ts-expect-error payload types are checked
    engine.on('userJoined', (e: { volume: number }) => e);
  });

  it('the snapshot is read-only and its status is a closed union', () => {
    expectTypeOf<CallSnapshot['status']>().toEqualTypeOf<
      'idle' | 'calling' | 'ringing' | 'accepted' | 'ended'
    >();
    const s = engine.getSnapshot();
    // @ts-expect-error snapshots are immutable
    s.status = 'idle';
  });

  it('the runtime list of event names covers the event map exactly', () => {
    expectTypeOf<(typeof CALL_ENGINE_EVENT_NAMES)[number]>().toEqualTypeOf<CallEngineEventName>();
    expectTypeOf<keyof CallEngineEvents>().toEqualTypeOf<CallEngineEventName>();
  });

  it('commands take typed parameters', () => {
    // @ts-expect-error mediaType is required
    void engine.call({ userID: 'bob' });
    // @ts-expect-error only audio and video exist
    void engine.switchCallMediaType('screen');
    expectTypeOf(engine.call).returns.resolves.toEqualTypeOf<{ callId: string }>();
  });

  it('group commands and the new media API are typed', () => {
    // @ts-expect-error groupID is required
    void engine.groupCall({ userIDList: ['bob'], mediaType: 'audio' });
    // @ts-expect-error a group call invites a list, not one user
    void engine.groupCall({ groupID: 'g', userID: 'bob', mediaType: 'audio' });
    expectTypeOf(engine.inviteUser).returns.resolves.toEqualTypeOf<{ invited: string[] }>();
    expectTypeOf(engine.getGroupCallInfo).returns.resolves.toEqualTypeOf<GroupCallInfo | null>();
    // @ts-expect-error only cameras, microphones and speakers
    void engine.getDevices('printer');
    engine.on('networkWeak', (e) => {
      expectTypeOf(e.suggestion).toEqualTypeOf<'switchToAudio'>();
      expectTypeOf(e.quality).toEqualTypeOf<number>();
    });
    expectTypeOf<CallSnapshot['connection']>().toEqualTypeOf<
      'disconnected' | 'connecting' | 'connected' | 'reconnecting'
    >();
    expectTypeOf<CallSnapshot['participants'][number]['status']>().toEqualTypeOf<ParticipantStatus>();
  });

  it('the TUICallEngine parity APIs are typed', () => {
    expectTypeOf(engine.switchCamera()).toEqualTypeOf<Promise<CameraFacing>>();
    // @ts-expect-error only front or back
    engine.switchCamera('left');
    expectTypeOf(engine.getTRTCInstance<{ startScreenShare(): void }>()).toEqualTypeOf<{
      startScreenShare(): void;
    } | null>();
    expectTypeOf(engine.updateUserSig('sig', { expiresAt: 1 })).toEqualTypeOf<void>();
    void engine.setVideoProfile('1080p');
    void engine.setVideoProfile({ width: 640, height: 360, frameRate: 15, bitrate: 600 });
    // @ts-expect-error an encoding object needs every field
    void engine.setVideoProfile({ width: 640 });
    void engine.inviteUser({
      userIDList: ['a'],
      userData: 'x',
      offlinePushInfo: { title: 't' },
      timeout: 30,
    });
    engine.on('deviceChanged', (e) => {
      expectTypeOf(e.kind).toEqualTypeOf<DeviceKind>();
      expectTypeOf(e.action).toEqualTypeOf<DeviceAction>();
      expectTypeOf(e.device).toEqualTypeOf<MediaDevice>();
    });
    engine.on('userSigExpiring', (e) => expectTypeOf(e.expiresAt).toEqualTypeOf<number>());
  });
});
