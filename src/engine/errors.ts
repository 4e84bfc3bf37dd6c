/** TUICallKit error codes (wire-protocol §13.1) plus the engine's own. */
export const CallErrorCode = Object.freeze({
  PACKAGE_NOT_PURCHASED: -1001,
  PACKAGE_NOT_SUPPORTED: -1002,
  TIM_VERSION_OUTDATED: -1003,
  PERMISSION_DENIED: -1101,
  GET_DEVICE_LIST_FAIL: -1102,
  INIT_FAIL: -1201,
  PARAM_INVALID: -1202,
  REQUEST_REFUSED: -1203,
  REQUEST_REPEATED: -1204,
  SCENE_NOT_SUPPORTED: -1205,
  SIGNALING_SEND_FAIL: -1401,
  SWITCH_TO_AUDIO_FAILED: 60001,
  SWITCH_TO_VIDEO_FAILED: 60002,
  MEDIA_FAILED: 60005,
  UNKNOWN: 65535,
} as const);

export type CallErrorCodeValue = (typeof CallErrorCode)[keyof typeof CallErrorCode];

/** The error every engine command rejects with. `code` is TUICallKit's where one exists. */
export class CallError extends Error {
  override readonly name = 'CallError';
  readonly code: number;
  override readonly cause?: unknown;

  constructor(code: number, message: string, cause?: unknown) {
    super(message);
    this.code = code;
    if (cause !== undefined) this.cause = cause;
  }
}

/** Type guard for {@link CallError}; works across bundle copies by checking the shape. */
export function isCallError(value: unknown): value is CallError {
  return (
    value instanceof CallError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'CallError' &&
      typeof (value as { code?: unknown }).code === 'number')
  );
}
