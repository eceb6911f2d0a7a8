import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * Grant ids are short enough to type in `/jit revoke g-…`, contain no ':' (BullMQ job ids) and are
 * never all digits. 50 random bits make collisions negligible at any realistic volume.
 */
export function newGrantId(): string {
  const bytes = randomBytes(10);
  let id = "";
  for (let i = 0; i < 10; i++) id += ALPHABET[bytes[i]! & 31];
  return `g-${id}`;
}
