import type { AccountPort } from '../../src/index';

const ENABLED = Promise.resolve(true);
const NO_ATTRIBUTES: Promise<Record<string, string>> = Promise.resolve({});
const DONE = Promise.resolve();
const NOTHING_TO_REMOVE = () => undefined;

/**
 * Account facts as the group-call edition reports them (every ability enabled, like the simulator's
 * default), with the user status kept in a map shared by all fake devices. A class, not an object of
 * closures, so that the fake's own heap per engine stays small next to the engine's.
 */
export class FakeAccount implements AccountPort {
  readonly #userID: string;
  readonly #statuses: Map<string, string>;

  constructor(userID: string, statuses: Map<string, string>) {
    this.#userID = userID;
    this.#statuses = statuses;
  }

  isAbilityEnabled(): Promise<boolean> {
    return ENABLED;
  }

  getSelfStatus(): Promise<string> {
    return Promise.resolve(this.#statuses.get(this.#userID) ?? '');
  }

  setSelfStatus(status: string): Promise<void> {
    if (status === '') this.#statuses.delete(this.#userID);
    else this.#statuses.set(this.#userID, status);
    return DONE;
  }

  getGroupAttributes(): Promise<Record<string, string>> {
    return NO_ATTRIBUTES;
  }

  onGroupAttributes(): () => void {
    return NOTHING_TO_REMOVE;
  }
}
