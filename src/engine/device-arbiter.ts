import type { CallStatus } from '../machine/types';
import type { AccountPort } from '../ports/account';
import type { SignalingPort } from '../ports/signaling';

/** Chat's MSG_MODIFY_CONFLICT: another device modified the invitation first. */
const MODIFY_CONFLICT = 2480;
/** User status values TUICallKit writes for multi-device calling (wire-protocol §10.2). */
const STATUS_CALLING = 'call_wait';
const STATUS_IN_CALL = 'call_accept';

type Handled = 'consumed' | 'accepted' | 'rejected';

/**
 * Decides between the devices of one user (wire-protocol §10): which device takes a ringing call (the
 * consumed marker as arbitration), what this device learnt about other devices' answers, and the user
 * status that tells other devices this user is dialing or in a call.
 */
export class DeviceArbiter {
  readonly #signaling: SignalingPort;
  readonly #account: AccountPort;
  readonly #debug: (what: string, error: unknown) => void;
  readonly #handledElsewhere = new Map<string, Handled>();
  readonly #marks = new Map<string, Promise<boolean>>();
  /** Invitations this device tried to answer but another device (or the caller) handled first. */
  readonly lostArbitration = new Set<string>();
  #statusOwned = false;
  /** Values this device wrote whose notification has not come back yet, oldest first. */
  #written: string[] = [];
  /** The user's status as last read or reported by Chat; `undefined` until then. */
  #mirror: string | undefined;

  constructor(signaling: SignalingPort, account: AccountPort, debug: (what: string, error: unknown) => void) {
    this.#signaling = signaling;
    this.#account = account;
    this.#debug = debug;
  }

  /** A new incoming call: what was learnt about earlier invitations no longer matters. */
  reset(): void {
    this.#handledElsewhere.clear();
    this.#marks.clear();
    this.lostArbitration.clear();
  }

  /** How another device (or the caller's consumed marker) handled `inviteID`, if it did. */
  handledElsewhere(inviteID: string): Handled | undefined {
    return this.#handledElsewhere.get(inviteID);
  }

  /** A consumed marker never overrides the answer that followed it. */
  noteHandledElsewhere(inviteID: string, how: Handled): void {
    if (how === 'consumed' && this.#handledElsewhere.has(inviteID)) return;
    this.#handledElsewhere.set(inviteID, how);
  }

  /**
   * Writes the consumed marker of a ringing 1v1 invitation, once per invitation however many commands
   * ask (an accept in flight, then a hang-up). Resolves false when another device or the caller marked
   * it first: Chat refused ours (2480), or theirs had already reached this device.
   */
  consume(inviteID: string): Promise<boolean> {
    let mark = this.#marks.get(inviteID);
    if (!mark) {
      mark = this.#signaling.markConsumed(inviteID).then(
        () => !this.#handledElsewhere.has(inviteID),
        (e) => {
          if ((e as { code?: unknown } | null)?.code === MODIFY_CONFLICT) return false;
          this.#debug('markConsumed', e);
          return !this.#handledElsewhere.has(inviteID);
        },
      );
      this.#marks.set(inviteID, mark);
    }
    return mark;
  }

  /** Whether this device may answer: 1v1 through the marker, group invitations unless already answered. */
  mayAnswer(inviteID: string, single: boolean): Promise<boolean> {
    return single ? this.consume(inviteID) : Promise.resolve(!this.#handledElsewhere.has(inviteID));
  }

  /**
   * The user status tells the user's other devices (and TUICallKit peers) that this user is busy:
   * 'call_wait' while dialing, 'call_accept' in a call, cleared at the end. Ringing devices write
   * nothing, so a device's status check never mistakes a sibling's ringing for "busy".
   */
  publishStatus(status: CallStatus, multiDevice: boolean): void {
    let value: string | undefined;
    if (status === 'calling' || status === 'accepted') {
      if (!multiDevice) return;
      value = status === 'calling' ? STATUS_CALLING : STATUS_IN_CALL;
      this.#statusOwned = true;
    } else if (this.#statusOwned) {
      value = '';
      this.#statusOwned = false;
    }
    if (value === undefined) return;
    // Our own write is what Chat will report back: no window in which the mirror says otherwise.
    this.#mirror = value;
    this.#written = [...this.#written.slice(-7), value];
    void this.#account.setSelfStatus(value).catch((e) => this.#debug('setSelfStatus', e));
  }

  /** The user's status; a failed read counts as idle, so a flaky status service never blocks calls. */
  selfStatus(): Promise<string> {
    return this.#account.getSelfStatus().then(
      (status) => {
        this.#mirror = status;
        return status;
      },
      (e) => {
        this.#debug('getSelfStatus', e);
        return '';
      },
    );
  }

  /**
   * Keeps a mirror of the user's status from Chat's status notifications, so an incoming call can be
   * judged at once instead of after a read; returns the unsubscribe function.
   */
  mirrorStatus(): () => void {
    return (
      this.#account.onSelfStatus?.((status) => {
        this.#mirror = status;
        const mine = this.#written.indexOf(status);
        if (mine >= 0) this.#written = this.#written.slice(mine + 1);
        // Another device of the user wrote since (the status is the user's, last writer wins): it is
        // that device's to clear now, or this device would wipe a sibling's call_accept at its own end.
        else this.#statusOwned = false;
      }) ?? (() => undefined)
    );
  }

  /** The mirrored status, `undefined` while nothing has been read or reported yet. */
  get knownStatus(): string | undefined {
    return this.#mirror;
  }
}
