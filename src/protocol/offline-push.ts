import type { MediaType } from '../machine/types';
import type { OfflinePushInfo, WireOfflinePushInfo } from './types';

/**
 * Builds the Chat SDK `offlinePushInfo` object exactly as TUICallKit sends it (golden A2,
 * wire-protocol §6). Invitations carry a push `extension` that marks the push as an audio/video
 * call for the native TIMPush receivers and wraps the app's own extension as `extra_info`; hangup
 * records and switch invitations (`'record'`) carry the same object with an empty extension.
 *
 * @param info the app's push settings; every field is optional.
 * @param mediaType the call's media type, announced to VoIP push as `voip_media_type`.
 * @param kind `'invitation'` for A/B/C, `'record'` for K/L/M.
 */
export function buildOfflinePushInfo(
  info: OfflinePushInfo | undefined,
  mediaType: MediaType,
  kind: 'invitation' | 'record',
): WireOfflinePushInfo {
  const i = info ?? {};
  return {
    androidInfo: {
      FCMChannelID: i.androidFCMChannelID ?? '',
      GoogleImage: '',
      HonorImage: '',
      HonorImportance: '',
      HuaWeiCategory: i.androidHuaWeiCategory ?? '',
      HuaWeiImage: '',
      OPPOCategory: '',
      OPPOChannelID: i.androidOPPOChannelID ?? '',
      VIVOCategory: '',
      VIVOClassification: i.androidVIVOClassification ?? 1,
      XiaoMiChannelID: i.androidXiaoMiChannelID ?? '',
      sound: i.androidSound ?? '',
    },
    apnsInfo: {
      // The Chat SDK expects a number here, not the boolean apps pass in.
      disableVoipPush: i.disableVoipPush === true ? 1 : 0,
      ignoreIOSBadge: i.ignoreIOSBadge ?? false,
      image: '',
      sound: i.iOSSound ?? '',
    },
    description: i.description ?? '',
    disablePush: i.disablePush ?? false,
    title: i.title ?? '',
    extension: kind === 'invitation' ? pushExtension(i.extension ?? '', mediaType) : '',
  };
}

/**
 * The invitation push extension in the byte layout of the core's jsoncpp StyledWriter: 3-space
 * indent, `" : "` separators, trailing newline. The shape is fixed, so a template is smaller and
 * safer than post-processing `JSON.stringify` output (which could also rewrite `": ` inside the
 * app's string).
 */
function pushExtension(extraInfo: string, mediaType: MediaType): string {
  return (
    '{\n' +
    '   "entity" : {\n' +
    '      "action" : 2\n' +
    '   },\n' +
    `   "extra_info" : ${JSON.stringify(extraInfo)},\n` +
    '   "timPushFeatures" : {\n' +
    '      "fcmNotificationType" : 1,\n' +
    '      "fcmPushType" : 0\n' +
    '   },\n' +
    '   "voip_ext" : {\n' +
    `      "voip_media_type" : "${mediaType}",\n` +
    '      "voip_type" : "call"\n' +
    '   }\n' +
    '}\n'
  );
}
