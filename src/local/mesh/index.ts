import { type Clock, systemClock } from '../../clock';
import { TRTC_EVENT } from '../../tencent/trtc-types';
import { TRTC_ERROR } from '../errors';
import type { ServerLink } from '../frames';
import { LOCAL_TRTC_TYPE, type TRTCCompatibleClass } from '../network';
import { DeviceWatch } from './device-watch';
import { mediaStreamClass } from './dom';
import { MeshTRTC } from './mesh-trtc';

export { VIDEO_PROFILES, type VideoProfile } from './local-media';
export { type MeshConnectionState, MeshTRTC } from './mesh-trtc';
export {
  combineQuality,
  type LinkSample,
  PEER_DOWN,
  QUALITY_THRESHOLDS,
  qualityOf,
  readPeerStats,
} from './quality';
export { QUALITY_INTERVAL_MS } from './reports';

/** Options of {@link createMeshTRTCClass}; each browser API defaults to the global one, if any. */
export interface MeshTRTCOptions {
  /** Without one (Node) the client has room membership and stream state but no media. */
  RTCPeerConnection?: typeof RTCPeerConnection;
  /** Without them nothing is captured and the device lists are empty. */
  mediaDevices?: MediaDevices;
  /** STUN/TURN servers of every peer connection (default none: host candidates, fine on a LAN). */
  iceServers?: RTCIceServer[];
  /** Where views are looked up and remote audio elements live. */
  document?: Document;
  /** Clock of the quality, volume and welcome timers (default: the wall clock). */
  clock?: Clock;
}

/** The TRTC-compatible class of the mesh client: `create()` plus TRTC's statics. */
export interface MeshTRTCClass extends TRTCCompatibleClass<MediaDeviceInfo> {
  /** Device lists ask for permission first unless `requestPermission` is false, as TRTC; the speaker is
   * applied with `setSinkId` where it exists. */
  create(options?: object): MeshTRTC;
}

type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';

/**
 * Creates the TRTC-compatible class of one server link: rooms and stream state go through the local
 * call server, media flows over a WebRTC mesh between the members.
 */
export function createMeshTRTCClass(link: ServerLink, options: MeshTRTCOptions = {}): MeshTRTCClass {
  const g = globalThis as {
    RTCPeerConnection?: typeof RTCPeerConnection;
    navigator?: { mediaDevices?: MediaDevices };
    document?: Document;
    AudioContext?: typeof AudioContext;
  };
  const doc = options.document ?? g.document;
  const win = doc?.defaultView as (Window & typeof globalThis) | null | undefined;
  const devices = options.mediaDevices ?? g.navigator?.mediaDevices;
  const instances = new Set<MeshTRTC>();
  let sinkId: string | undefined;
  const deviceWatch = new DeviceWatch(devices, (change) => {
    for (const trtc of instances) trtc.reportDeviceChange(change);
  });

  const env = {
    link,
    clock: options.clock ?? systemClock,
    RTCPeerConnection: options.RTCPeerConnection ?? g.RTCPeerConnection,
    mediaDevices: devices,
    iceServers: options.iceServers ?? [],
    document: doc,
    AudioContext: win?.AudioContext ?? g.AudioContext,
    MediaStream: mediaStreamClass(doc),
    sinkId: () => sinkId,
    release: (trtc: MeshTRTC) => {
      instances.delete(trtc);
      if (instances.size === 0) deviceWatch.stop();
    },
  };

  const list = async (kind: DeviceKind, requestPermission = true): Promise<MediaDeviceInfo[]> => {
    if (devices === undefined) return [];
    const of = async () => (await devices.enumerateDevices()).filter((d) => d.kind === kind);
    const found = await of();
    // Labels and ids stay empty until the page may capture; TRTC asks for permission by default.
    if (!requestPermission || kind === 'audiooutput' || found.every((d) => d.label !== '')) return found;
    try {
      const stream = await devices.getUserMedia(kind === 'videoinput' ? { video: true } : { audio: true });
      for (const track of stream.getTracks()) track.stop();
    } catch {
      return found;
    }
    return of();
  };

  return {
    create() {
      const trtc = new MeshTRTC(env);
      instances.add(trtc);
      deviceWatch.start();
      return trtc;
    },
    EVENT: TRTC_EVENT,
    TYPE: LOCAL_TRTC_TYPE,
    ERROR_CODE: TRTC_ERROR,
    getCameraList: (request) => list('videoinput', request),
    getMicrophoneList: (request) => list('audioinput', request),
    getSpeakerList: (request) => list('audiooutput', request),
    async setCurrentSpeaker(speakerId) {
      sinkId = typeof speakerId === 'string' && speakerId !== '' ? speakerId : undefined;
      for (const trtc of instances) trtc.applySink();
    },
  };
}
