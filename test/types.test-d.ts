import { describe, expectTypeOf, it } from 'vitest';
import type { CALL_ENGINE_EVENT_NAMES } from '../src/engine/events';
import type {
  CallEngine,
  CallEngineEventName,
  CallEngineEvents,
  CallSnapshot,
  EndReason,
  GroupCallInfo,
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
});
