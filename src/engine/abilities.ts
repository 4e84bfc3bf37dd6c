import type { AccountPort } from '../ports/account';
import { CallError, CallErrorCode } from './errors';

/** Chat's answer when `isCommercialAbilityEnabled` itself is unknown: the SDK is too old (§13.1). */
const CHAT_TOO_OLD = 2905;

/**
 * Purchased TUICallKit abilities, asked once per login and cached (as the official engine does);
 * a failed query is not cached, so the next command asks again.
 */
export class Abilities {
  readonly #account: AccountPort;
  readonly #cache = new Map<number, Promise<boolean>>();

  constructor(account: AccountPort) {
    this.#account = account;
  }

  enabled(bit: number): Promise<boolean> {
    let answer = this.#cache.get(bit);
    if (!answer) {
      answer = this.#account.isAbilityEnabled(bit);
      this.#cache.set(bit, answer);
      answer.catch(() => this.#cache.delete(bit));
    }
    return answer;
  }

  /** Resolves when `bit` is purchased; otherwise rejects with `code` (-1001 / -1002) and `message`. */
  async require(bit: number, code: number, message: string): Promise<void> {
    let ok: boolean;
    try {
      ok = await this.enabled(bit);
    } catch (error) {
      const tooOld = (error as { code?: unknown } | null)?.code === CHAT_TOO_OLD;
      throw new CallError(
        tooOld ? CallErrorCode.TIM_VERSION_OUTDATED : CallErrorCode.UNKNOWN,
        tooOld ? 'the Chat SDK is too old to check the call package' : 'could not check the call package',
        error,
      );
    }
    if (!ok) throw new CallError(code, message);
  }
}
