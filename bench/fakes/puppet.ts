import type { MediaPort, SignalFact, SignalingPort } from '../../src/index';
import type { FakeWorld } from './fake-world';

type Invitation = Extract<SignalFact, { kind: 'invited' }>;

/**
 * A group member without an engine: it takes the next group invitation, accepts it when told, enters
 * the room and publishes audio and video, and leaves when told. Its own cost is O(1) per call, and it
 * stops listening once it has its invitation, so one engine among N puppets is measured with O(N)
 * facts, not N².
 */
export class Puppet {
  readonly userID: string;
  readonly #signaling: SignalingPort;
  readonly #media: MediaPort;
  #invitation: Invitation | undefined;

  constructor(world: FakeWorld, userID: string) {
    this.userID = userID;
    this.#signaling = world.chat.port(userID);
    this.#media = world.rooms.port(userID);
  }

  /** Listens until the next group invitation arrives. */
  expectCall(): void {
    this.#invitation = undefined;
    const unlisten = this.#signaling.listen((fact) => {
      if (fact.kind !== 'invited' || fact.groupID === '') return;
      unlisten();
      this.#invitation = fact;
    });
  }

  /** Accepts the invitation it got, enters the room and publishes audio and video. */
  async accept(): Promise<void> {
    const fact = this.#invitation;
    if (!fact) throw new Error(`${this.userID} has no invitation to accept`);
    const { mediaType = 'video', roomId, strRoomId } = fact.payload;
    const call = { mediaType, roomId, strRoomId, inviter: fact.inviter, group: true };
    await this.#signaling.accept(fact.inviteID, { type: 'accept', call });
    await this.#media.enterRoom({ roomId, strRoomId });
    await this.#media.startLocalAudio();
    await this.#media.startLocalVideo();
  }

  leave(): Promise<void> {
    return this.#media.exitRoom();
  }
}
