import type { AccountPort } from '../ports/account';
import { GROUP_CALL_ATTRIBUTE, type GroupCallInfo, parseGroupCallInfo } from '../protocol/group-call-info';
import { describe } from './engine-helpers';
import { CallError, CallErrorCode } from './errors';

/** Reads a group's ongoing call from its `inner_attr_kit_info` attribute; `null` when there is none. */
export async function readGroupCall(account: AccountPort, groupID: string): Promise<GroupCallInfo | null> {
  const attributes = await account.getGroupAttributes(groupID).catch((error) => {
    throw new CallError(
      CallErrorCode.UNKNOWN,
      `could not read the group's call info: ${describe(error)}`,
      error,
    );
  });
  return parseGroupCallInfo(attributes[GROUP_CALL_ATTRIBUTE]);
}

/**
 * Reports the group's ongoing call now (one read) and on every attribute update. A failing listener is
 * handed to `onListenerError`; a failed first read to `onReadError`. Returns the unsubscribe function.
 */
export function watchGroupCall(
  account: AccountPort,
  groupID: string,
  listener: (info: GroupCallInfo | null) => void,
  onListenerError: (error: unknown) => void,
  onReadError: (error: unknown) => void,
): () => void {
  let active = true;
  let updated = false;
  const report = (info: GroupCallInfo | null) => {
    if (!active) return;
    try {
      listener(info);
    } catch (error) {
      onListenerError(error);
    }
  };
  const off = account.onGroupAttributes((group, attributes) => {
    if (group !== groupID) return;
    updated = true;
    report(parseGroupCallInfo(attributes[GROUP_CALL_ATTRIBUTE]));
  });
  readGroupCall(account, groupID).then((info) => {
    // A notification that arrived meanwhile is newer than this read.
    if (!updated) report(info);
  }, onReadError);
  return () => {
    active = false;
    off();
  };
}
