/** Account-level facts the engine needs beyond signaling: purchased abilities and the user status. */
export interface AccountPort {
  /** Whether the TUICallKit ability `bit` is purchased (wire-protocol §14). Rejects when the query fails. */
  isAbilityEnabled(bit: number): Promise<boolean>;
  /** The user's own custom status, shared by all of the user's devices ('' when none). */
  getSelfStatus(): Promise<string>;
  setSelfStatus(status: string): Promise<void>;
  /** A group's attributes (Chat group attributes: key → value). Rejects when the query fails. */
  getGroupAttributes(groupID: string): Promise<Record<string, string>>;
  /** Calls `listener` whenever a group's attributes change; returns the unsubscribe function. */
  onGroupAttributes(listener: (groupID: string, attributes: Record<string, string>) => void): () => void;
  /**
   * Calls `listener` with the user's own custom status whenever Chat reports it changed (on any of the
   * user's devices); returns the unsubscribe function.
   */
  onSelfStatus?(listener: (status: string) => void): () => void;
  /** Sets the user's nickname and avatar in the Chat profile. */
  setProfile?(profile: { nick: string; avatar: string }): Promise<void>;
}

/** Ability bits of `isCommercialAbilityEnabled` (wire-protocol §14). */
export const ABILITY = /* @__PURE__ */ Object.freeze({
  /** 1v1 calls (the base call package). */
  BASE: 65536,
  /** Group calls, mid-call invites, joining a group call, multi-device (group editions, trial). */
  GROUP: 131072,
} as const);
