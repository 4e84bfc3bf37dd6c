/**
 * Deterministic identifiers for the local backend. Real Chat SDKs draw random UUID-v4-like inviteIDs;
 * here they are derived from a per-network counter so that test runs are reproducible, yet they keep the
 * `8-4-4-4-12` hex shape (version nibble 4, variant 8–b) that producers and parsers expect.
 */

/** A 32-bit integer bijection (splitmix/murmur finaliser), so distinct counters give distinct words. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex(value: number, digits: number): string {
  return (value >>> 0)
    .toString(16)
    .padStart(8, '0')
    .slice(8 - digits);
}

/** Per-network id source: inviteIDs look random but follow a counter. */
export class IdSource {
  #invites = 0;
  #messages = 0;

  /** Next inviteID, e.g. `3c1f0a2e-9b7d-4e21-a0c4-5d6e7f809a1b`. */
  inviteID(): string {
    const n = ++this.#invites;
    // The first word alone is unique per counter (mix32 is a bijection); the rest only adds entropy.
    const w0 = mix32(n);
    const w1 = mix32(w0 ^ 0x9e3779b9);
    const w2 = mix32(w1 ^ 0x85ebca6b);
    const w3 = mix32(w2 ^ 0xc2b2ae35);
    return [
      hex(w0, 8),
      hex(w1 >>> 16, 4),
      hex(0x4000 | (w1 & 0x0fff), 4),
      hex(0x8000 | (w2 & 0x3fff), 4),
      hex(w2 >>> 16, 4) + hex(w3, 8),
    ].join('-');
  }

  /** Next message ID; opaque to every consumer. */
  messageID(): string {
    return `local-msg-${++this.#messages}`;
  }
}
