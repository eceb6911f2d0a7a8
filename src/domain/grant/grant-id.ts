import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * Grant ids are short enough to type in `/jit revoke g-…`, contain no ':' (BullMQ job ids) and are
 * never all digits. 50 random bits make collisions negligible at any realistic volume.
 * Rule names, links and commands all embed the id, so they build their patterns from this one.
 */
export const GRANT_ID_SOURCE = "g-[a-z2-7]{10}";

/** Kept exact so a mistyped id is caught at parse time with a useful message. */
export const GRANT_ID_PATTERN = new RegExp(`^${GRANT_ID_SOURCE}$`);

export const GRANT_ID_SHAPE = "g- and ten letters/digits";

export function isGrantId(text: string): boolean {
  return GRANT_ID_PATTERN.test(text);
}

export function newGrantId(): string {
  const bytes = randomBytes(10);
  let id = "";
  for (let i = 0; i < 10; i++) id += ALPHABET[bytes[i]! & 31];
  return `g-${id}`;
}
