import type { AccountPort } from '../ports/account';
import { asString, fieldsOf } from '../protocol/util';
import type { ChatEvent, ChatLike } from './chat-types';
import { vendorCall } from './util';

/**
 * Runs a Chat request; a failure rejects with the vendor's numeric code (so the engine can tell "SDK too
 * old", 2905, from the rest), else 2903.
 */
const request = <T>(what: string, run: () => Promise<T>): Promise<T> => vendorCall(`chat.${what}`, 2903, run);

/** Only the string values of an untrusted attributes object. */
function stringsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(fieldsOf(value))) if (typeof v === 'string') out[key] = v;
  return out;
}

/** The fields of a Chat result's `data`. */
const dataOf = (result: unknown) => fieldsOf(fieldsOf(result).data);

/**
 * Adapts a Chat instance to the engine's {@link AccountPort}: purchased abilities through
 * `callExperimentalAPI('isCommercialAbilityEnabled', bit)` and the user's custom status through
 * `getUserStatus` / `setSelfStatus` (the mechanism TUICallKit uses for multi-device busy, §10.2).
 */
export function createChatAccount(chat: ChatLike, { userID }: { userID: string }): AccountPort {
  const getSelfStatus = () =>
    request('getUserStatus', async () => {
      const list = dataOf(await chat.getUserStatus({ userIDList: [userID] })).successUserList;
      const mine = Array.isArray(list) ? list.find((u) => fieldsOf(u).userID === userID) : undefined;
      return asString(fieldsOf(mine).customStatus);
    });
  return {
    isAbilityEnabled: (bit) =>
      request(
        'callExperimentalAPI',
        async () =>
          dataOf(await chat.callExperimentalAPI('isCommercialAbilityEnabled', bit)).enabled === true,
      ),
    getSelfStatus,
    setSelfStatus: (status) =>
      request('setSelfStatus', async () => {
        await chat.setSelfStatus({ customStatus: status });
      }),
    getGroupAttributes: (groupID) =>
      request('getGroupAttributes', async () =>
        stringsOf(dataOf(await chat.getGroupAttributes({ groupID, keyList: [] })).groupAttributes),
      ),
    onSelfStatus(listener) {
      // USER_STATUS_UPDATED: `data` lists `{ userID, statusType, customStatus }`, own changes included.
      const handler = (event: ChatEvent) => {
        const list = Array.isArray(event?.data) ? event.data : [];
        const mine = list.find((u) => fieldsOf(u).userID === userID);
        if (mine !== undefined) listener(asString(fieldsOf(mine).customStatus));
      };
      // The status at login, so the first call after it is judged without a read of its own.
      let active = true;
      const ready = () => {
        getSelfStatus().then(
          (status) => active && listener(status),
          () => undefined,
        );
      };
      chat.on('onUserStatusUpdated', handler);
      chat.on('sdkStateReady', ready);
      return () => {
        active = false;
        chat.off('onUserStatusUpdated', handler);
        chat.off('sdkStateReady', ready);
      };
    },
    setProfile: ({ nick, avatar }) =>
      request('updateMyProfile', async () => {
        if (typeof chat.updateMyProfile !== 'function') throw new Error('this Chat client has no profiles');
        await chat.updateMyProfile({ nick, avatar });
      }),
    onGroupAttributes(listener) {
      const handler = (event: ChatEvent) => {
        const data = fieldsOf(event?.data);
        if (typeof data.groupID === 'string') listener(data.groupID, stringsOf(data.groupAttributes));
      };
      chat.on('groupAttributesUpdated', handler);
      return () => chat.off('groupAttributesUpdated', handler);
    },
  };
}
