import { isLiveStatus, type MediaType } from '../machine/types';
import { ABILITY } from '../ports/account';
import type { CameraFacing, DeviceKind, MediaDevice, VideoEncoding } from '../ports/media';
import type { GroupCallInfo } from '../protocol/group-call-info';
import type { CallEngine } from './call-engine-api';
import { assembleEngine, type EngineParts } from './engine-assembly';
import type { EngineCore } from './engine-core';
import { describe, invalidParam, refused } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';
import type { CallEngineEvents } from './events';
import { readGroupCall, watchGroupCall } from './group-call-watch';
import type {
  CallEngineOptions,
  CallParams,
  CallResult,
  GroupCallParams,
  InviteUserParams,
  JoinGroupCallParams,
  SelfInfo,
} from './options';
import type { CallSnapshot } from './snapshot';
import {
  requireEngineOptions,
  requireGroupID,
  requireMediaType,
  requireObject,
  requireUserID,
  requireUserIDList,
} from './validate';

const NO_MULTI_DEVICE = 'multi-device calling needs a group-call edition';

export type { CallEngine } from './call-engine-api';

/** Creates a call engine attached to a logged-in chat instance and a TRTC class. */
export function createCallEngine(options: CallEngineOptions): CallEngine {
  return new Engine(options);
}

/**
 * The facade: builds the parts from the options, hands each command to the concern that owns it, and
 * tears everything down. Where to find what: docs/architecture.md, "Where to find what".
 */
class Engine implements CallEngine {
  readonly #core: EngineCore;
  readonly #parts: EngineParts;
  readonly #unlisten: (() => void)[] = [];
  #multiDeviceSet = false;

  constructor(options: CallEngineOptions) {
    this.#parts = assembleEngine(requireEngineOptions(options));
    this.#core = this.#parts.core;
    this.#unlisten.push(...this.#parts.unlisten);
    const o = this.#core.options;
    if (o.multiDevice !== false) this.#askMultiDevice(o.multiDevice === true);
  }

  /** Asked once per login, up front, so the first incoming call already knows. */
  #askMultiDevice(required: boolean): void {
    const core = this.#core;
    core.abilities.enabled(ABILITY.GROUP).then(
      (ok) => {
        // An explicit enableMultiDeviceAbility() in the meantime wins over the default.
        if (core.destroyed || this.#multiDeviceSet) return;
        core.multiDevice = ok;
        if (!ok && required) core.report(CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_MULTI_DEVICE);
      },
      (e) => core.debug('ability query', e),
    );
  }

  // ---- state and events -----------------------------------------------------------------------------

  getSnapshot(): CallSnapshot {
    return this.#core.snapshot;
  }

  subscribe(listener: (snapshot: CallSnapshot) => void): () => void {
    if (typeof listener !== 'function') throw invalidParam('listener must be a function');
    return this.#core.store.subscribe(listener);
  }

  on<K extends keyof CallEngineEvents>(name: K, handler: (payload: CallEngineEvents[K]) => void): () => void {
    if (typeof handler !== 'function') throw invalidParam('handler must be a function');
    return this.#core.store.on(name, handler);
  }

  once<K extends keyof CallEngineEvents>(
    name: K,
    handler: (payload: CallEngineEvents[K]) => void,
  ): () => void {
    if (typeof handler !== 'function') throw invalidParam('handler must be a function');
    return this.#core.store.once(name, handler);
  }

  // ---- calls --------------------------------------------------------------------------------------

  async call(params: CallParams): Promise<CallResult> {
    this.#assertAlive();
    const p = requireObject(params, 'call params');
    const userID = requireUserID(p.userID, 'userID');
    if (userID === this.#core.selfId) throw invalidParam('cannot call yourself');
    return this.#parts.outgoing.place(p, [userID], '');
  }

  async groupCall(params: GroupCallParams): Promise<CallResult> {
    this.#assertAlive();
    const p = requireObject(params, 'groupCall params');
    const groupID = requireGroupID(p.groupID);
    const userIDs = requireUserIDList(p.userIDList, this.#core.selfId);
    this.#parts.group.checkLimit(userIDs.length);
    return this.#parts.outgoing.place(p, userIDs, groupID);
  }

  async inviteUser(params: InviteUserParams): Promise<{ invited: string[] }> {
    this.#assertAlive();
    return this.#parts.group.inviteUser(requireObject(params, 'inviteUser params'));
  }

  async joinInGroupCall(params: JoinGroupCallParams): Promise<void> {
    this.#assertAlive();
    return this.#parts.group.join(requireObject(params, 'joinInGroupCall params'));
  }

  getGroupCallInfo(groupID: string): Promise<GroupCallInfo | null> {
    this.#assertAlive();
    return readGroupCall(this.#core.account, requireGroupID(groupID));
  }

  watchGroupCall(groupID: string, listener: (info: GroupCallInfo | null) => void): () => void {
    this.#assertAlive();
    const core = this.#core;
    const id = requireGroupID(groupID);
    if (typeof listener !== 'function') throw invalidParam('listener must be a function');
    const off = watchGroupCall(
      core.account,
      id,
      listener,
      (error) => core.listenerFailed(error, 'watchGroupCall'),
      (error) => core.debug('getGroupCallInfo', error),
    );
    this.#unlisten.push(off);
    return off;
  }

  async accept(): Promise<void> {
    this.#assertAlive();
    return this.#parts.incoming.accept();
  }

  async reject(): Promise<void> {
    this.#assertAlive();
    return this.#parts.incoming.reject();
  }

  ignore(): void {
    this.#assertAlive();
    this.#parts.incoming.ignore();
  }

  hangup(): Promise<void> {
    const core = this.#core;
    if (core.hangingUp) return core.hangingUp;
    const done = this.#hangup().finally(() => {
      core.hangingUp = null;
    });
    core.hangingUp = done;
    return done;
  }

  async #hangup(): Promise<void> {
    this.#assertAlive();
    const snap = this.#core.snapshot;
    if (snap.status === 'ringing') {
      await this.#parts.incoming.decline();
    } else if (snap.status === 'calling') {
      await this.#parts.outgoing.cancel();
      // Only this call: one that rang in meanwhile (the peer called us at the same moment) is left to ring.
      if (this.#core.snapshot.callId === snap.callId) await this.#parts.group.leave();
      await this.#parts.media.settled();
    } else if (snap.status === 'accepted') {
      await this.#parts.group.leave();
    } else {
      this.#parts.outgoing.abortDialing();
    }
    await this.#parts.media.settled();
  }

  async switchCallMediaType(mediaType: MediaType): Promise<void> {
    this.#assertAlive();
    return this.#parts.mediaSwitch.switchTo(requireMediaType(mediaType));
  }

  async enableMultiDeviceAbility(enable: boolean): Promise<void> {
    this.#assertAlive();
    if (typeof enable !== 'boolean') throw invalidParam('enable must be a boolean');
    if (enable) {
      await this.#core.abilities.require(ABILITY.GROUP, CallErrorCode.PACKAGE_NOT_SUPPORTED, NO_MULTI_DEVICE);
    }
    this.#core.multiDevice = enable;
    this.#multiDeviceSet = true;
  }

  // ---- media (media-commands.ts) -----------------------------------------------------------------

  openCamera(view?: unknown): Promise<void> {
    return this.#parts.mediaCommands.openCamera(view);
  }

  closeCamera(): Promise<void> {
    return this.#parts.mediaCommands.closeCamera();
  }

  openMicrophone(): Promise<void> {
    return this.#parts.mediaCommands.openMicrophone();
  }

  closeMicrophone(): Promise<void> {
    return this.#parts.mediaCommands.closeMicrophone();
  }

  startRemoteView(userID: string, view: unknown): Promise<void> {
    return this.#parts.mediaCommands.startRemoteView(userID, view);
  }

  stopRemoteView(userID: string): Promise<void> {
    return this.#parts.mediaCommands.stopRemoteView(userID);
  }

  getDevices(kind: DeviceKind): Promise<MediaDevice[]> {
    return this.#parts.mediaCommands.getDevices(kind);
  }

  switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#parts.mediaCommands.switchDevice(kind, deviceId);
  }

  setNoiseSuppression(enabled: boolean): Promise<void> {
    return this.#parts.mediaCommands.setNoiseSuppression(enabled);
  }

  setVideoProfile(profile: VideoEncoding): Promise<void> {
    return this.#parts.mediaCommands.setVideoProfile(profile);
  }

  switchCamera(facing?: CameraFacing): Promise<CameraFacing> {
    return this.#parts.mediaCommands.switchCamera(facing);
  }

  getTRTCInstance<T = unknown>(): T | null {
    return this.#parts.mediaCommands.getTRTCInstance<T>();
  }

  updateUserSig(userSig: string, options?: { expiresAt?: number }): void {
    this.#parts.mediaCommands.updateUserSig(userSig, options);
  }

  setMinimized(minimized: boolean): void {
    this.#assertAlive();
    if (typeof minimized !== 'boolean') throw invalidParam('minimized must be a boolean');
    this.#core.store.setUi({ minimized });
  }

  async setSelfInfo(info: SelfInfo): Promise<void> {
    this.#assertAlive();
    const p = requireObject(info, 'setSelfInfo params');
    if (typeof p.nickName !== 'string' || typeof p.avatar !== 'string')
      throw invalidParam('nickName and avatar must be strings');
    const account = this.#core.account;
    if (!account.setProfile) throw invalidParam('this account port has no profiles');
    try {
      await account.setProfile({ nick: p.nickName, avatar: p.avatar });
    } catch (error) {
      throw new CallError(CallErrorCode.UNKNOWN, `could not set the profile: ${describe(error)}`, error);
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  async destroy(): Promise<void> {
    const core = this.#core;
    if (core.destroyed) return;
    if (isLiveStatus(core.snapshot.status)) {
      await this.hangup().catch((e) => core.debug('hangup on destroy', e));
    }
    core.destroyed = true;
    this.#parts.mediaSwitch.finish(refused('the engine was destroyed'));
    core.timers.clearAll();
    this.#parts.policy?.dispose();
    this.#parts.userSig.dispose();
    core.options.ringtone?.stop();
    for (const off of this.#unlisten.splice(0)) off();
    core.signaling.destroy();
    await this.#parts.media.destroy();
    core.store.stop();
    core.takeHeld();
  }

  #assertAlive(): void {
    if (this.#core.destroyed) throw new CallError(CallErrorCode.INIT_FAIL, 'the engine was destroyed');
  }
}
