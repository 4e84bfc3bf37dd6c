export { decodeCallData, NEUTRAL_PAYLOAD } from './decode';
export { encodeSignal, markConsumed, serializeCallData } from './encode';
export { buildOfflinePushInfo } from './offline-push';
export type {
  CallDescriptor,
  CallPayload,
  DecodeFailure,
  DecodeResult,
  OfflinePushInfo,
  OutboundSignal,
  WireCmd,
  WireOfflinePushInfo,
} from './types';
