/**
 * Types of the framework bindings: selections are inferred from the selector, events are typed per name,
 * Vue refs are read-only, and the Svelte stores satisfy `svelte/store`'s `Readable`.
 */
import type { Readable as SvelteReadable } from 'svelte/store';
import { describe, expectTypeOf, it } from 'vitest';
import type { ShallowRef } from 'vue';
import type { CallEngine, CallSnapshot, CallStatus, EndReason, Participant } from '../src/index';
import * as react from '../src/react/index';
import * as svelte from '../src/svelte/index';
import type { SimUser } from '../src/testing/index';
import * as vue from '../src/vue/index';

declare const engine: CallEngine;
declare const simUser: SimUser;

describe('binding types', () => {
  it('react: selections follow the selector; isEqual is typed by it; events are typed per name', () => {
    expectTypeOf(react.useCallSnapshot(engine)).toEqualTypeOf<CallSnapshot>();
    expectTypeOf(react.useCallState(engine, (s) => s.status)).toEqualTypeOf<CallStatus>();
    expectTypeOf(
      react.useCallState(engine, (s) => s.participants.map((p) => p.userID), react.shallowEqual),
    ).toEqualTypeOf<string[]>();
    react.useCallState(
      engine,
      // @ts-expect-error the snapshot has no `volume`
      (s) => s.volume,
    );
    react.useCallState(
      engine,
      // @ts-expect-error isEqual must compare what the selector returns
      (s) => s.status,
      (a: number, b: number) => a === b,
    );
    expectTypeOf(react.useParticipant(engine, 'bob')).toEqualTypeOf<Participant | undefined>();
    react.useCallEvent(engine, 'callEnded', (e) => expectTypeOf(e.reason).toEqualTypeOf<EndReason>());
    // @ts-expect-error unknown event name
    react.useCallEvent(engine, 'callEnd', () => undefined);
    // A simulator user is a source too.
    expectTypeOf(react.useCallSnapshot(simUser)).toEqualTypeOf<CallSnapshot>();
  });

  it('vue: composables return read-only refs', () => {
    const status = vue.useCallState(engine, (s) => s.status);
    expectTypeOf(status.value).toEqualTypeOf<CallStatus>();
    // @ts-expect-error read-only
    status.value = 'idle';
    expectTypeOf(vue.useCallSnapshot(engine)).toEqualTypeOf<Readonly<ShallowRef<CallSnapshot>>>();
    expectTypeOf(vue.useParticipant(engine, 'bob').value).toEqualTypeOf<Participant | undefined>();
    vue.useCallEvent(engine, 'userJoined', (e) => expectTypeOf(e.userID).toEqualTypeOf<string>());
  });

  it("svelte: stores are svelte/store's Readable", () => {
    expectTypeOf(svelte.callSnapshotStore(engine)).toExtend<SvelteReadable<CallSnapshot>>();
    expectTypeOf(svelte.callStateStore(engine, (s) => s.callId)).toExtend<SvelteReadable<string | null>>();
    expectTypeOf(svelte.participantStore(engine, 'bob')).toExtend<SvelteReadable<Participant | undefined>>();
  });
});
