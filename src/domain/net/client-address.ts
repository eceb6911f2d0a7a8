import { formatIpAddress, isIpv4Mapped, parseIpAddress, type IpAddress } from "./ip-address.js";
import { parseIpPrefix, prefixContains, type IpPrefix } from "./ip-prefix.js";

/** An address as a dual-stack socket reports it, with IPv4 peers unwrapped from ::ffff:a.b.c.d. */
function toAddress(text: string | undefined): IpAddress | undefined {
  if (!text) return undefined;
  // Zone ids (fe80::1%eth0) never reach an NSG; a bracketed form comes from some proxies.
  const bare = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  const parsed = parseIpAddress(bare);
  if (!parsed.ok) return undefined;
  const { address } = parsed;
  return isIpv4Mapped(address) ? { version: 4, value: address.value & 0xffffffffn } : address;
}

const inside = (address: IpAddress, prefixes: IpPrefix[]): boolean => {
  const single = parseIpPrefix(formatIpAddress(address));
  return prefixes.some((p) => prefixContains(p, single));
};

/**
 * The public address of whoever opened a link. `X-Forwarded-For` is believed only when the peer is a
 * configured proxy, and then read from the right: each trusted hop vouches for the one before it, so
 * the first address that is not a trusted proxy is the client. Anything a client wrote further left
 * is ignored, which is what makes a forged header harmless.
 * Returns the canonical single-address prefix (a.b.c.d/32 or x::y/128), or undefined when no
 * usable address can be told.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: string[],
): string | undefined {
  const direct = toAddress(peer);
  if (!direct) return undefined;
  const trusted = trustedProxies.map((p) => parseIpPrefix(p));
  let client = direct;
  if (inside(direct, trusted) && forwardedFor !== undefined) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((h) => h.trim())
      .filter((h) => h !== "");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = toAddress(hops[i]);
      // A malformed entry means the chain cannot be followed further: stop at the last hop vouched for.
      if (!hop) break;
      client = hop;
      if (!inside(hop, trusted)) break;
    }
  }
  return parseIpPrefix(formatIpAddress(client)).canonical;
}
