import { createHash } from "node:crypto";

/** A short stand-in for a resource id where the id itself is too long to carry; ids compare case-insensitively. */
export const resourceIdDigest = (id: string): string =>
  `sha256:${createHash("sha256").update(id.toLowerCase()).digest("hex")}`;
