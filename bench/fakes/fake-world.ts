import type { CallEngine, CallEngineOptions, createCallEngine, TRTCClassLike } from '../../src/index';
import { Courier } from './courier';
import { FakeAccount } from './fake-account';
import { FakeRooms } from './fake-media';
import { FakeChat } from './fake-signaling';

/** `createCallEngine` still wants a chat object and a TRTC class; with all three ports replaced, neither is used. */
const UNUSED_CHAT = {} as CallEngineOptions['chat'];
const UNUSED_TRTC = { create: () => ({}) } as unknown as TRTCClassLike;

/**
 * Engines wired to each other through fake Chat, TRTC and account ports, in one process, with no clock
 * delays: what is left of a call's cost is the engine's own work (and the microtasks that carry facts).
 */
export class FakeWorld {
  readonly courier = new Courier();
  readonly chat = new FakeChat(this.courier);
  readonly rooms = new FakeRooms(this.courier);
  readonly statuses = new Map<string, string>();
  readonly #create: typeof createCallEngine;

  /** `create` is the engine build under test (see engine-under-test.ts). */
  constructor(create: typeof createCallEngine) {
    this.#create = create;
  }

  engine(userID: string, options: Partial<CallEngineOptions> = {}): CallEngine {
    return this.#create({
      userID,
      chat: UNUSED_CHAT,
      TRTC: UNUSED_TRTC,
      sdkAppId: 1,
      userSig: '',
      signaling: this.chat.port(userID),
      media: this.rooms.port(userID),
      account: new FakeAccount(userID, this.statuses),
      ...options,
    });
  }

  /** Resolves once no fact is in flight between the engines. */
  quiet(): Promise<void> {
    return this.courier.quiet();
  }
}
