import type { AccountPort } from '../ports/account';
import type { ChatLike } from './chat-types';

/** Reads a vendor failure's numeric code, so the engine can tell "SDK too old" (2905) from the rest. */
function withCode(error: unknown): Error & { code: number } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as { message?: unknown } | null)?.message;
  return Object.assign(
    new Error(typeof message === 'string' ? message : 'chat request failed', { cause: error }),
    {
      code: typeof code === 'number' ? code : 2903,
    },
  );
}

/**
 * Adapts a Chat instance to the engine's {@link AccountPort}: purchased abilities through
 * `callExperimentalAPI('isCommercialAbilityEnabled', bit)` and the user's custom status through
 * `getUserStatus` / `setSelfStatus` (the mechanism TUICallKit uses for multi-device busy, §10.2).
 */
export function createChatAccount(chat: ChatLike, options: { userID: string }): AccountPort {
  return {
    async isAbilityEnabled(bit) {
      try {
        const result = await chat.callExperimentalAPI('isCommercialAbilityEnabled', bit);
        return (result as { data?: { enabled?: unknown } } | null)?.data?.enabled === true;
      } catch (error) {
        throw withCode(error);
      }
    },
    async getSelfStatus() {
      try {
        const result = await chat.getUserStatus({ userIDList: [options.userID] });
        const list = (result as { data?: { successUserList?: unknown } } | null)?.data?.successUserList;
        const mine = Array.isArray(list)
          ? (list as { userID?: unknown; customStatus?: unknown }[]).find((u) => u?.userID === options.userID)
          : undefined;
        return typeof mine?.customStatus === 'string' ? mine.customStatus : '';
      } catch (error) {
        throw withCode(error);
      }
    },
    async setSelfStatus(status) {
      try {
        await chat.setSelfStatus({ customStatus: status });
      } catch (error) {
        throw withCode(error);
      }
    },
  };
}
