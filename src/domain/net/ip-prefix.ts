import { AjarError } from "../errors.js";
import {
  ADDRESS_BITS,
  formatIpAddress,
  isIpv4Mapped,
  parseIpAddress,
  type IpAddress,
  type IpVersion,
} from "./ip-address.js";

/**
 * A CIDR block. Single addresses are /32 or /128 so every comparison works on one shape.
 * `network` never has host bits set: parsing refuses such input rather than silently widening or
 * narrowing what the requester asked for.
 */
export interface IpPrefix {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly length: number;
  /** `formatIpPrefix(this)`, precomputed: the form to store and compare as text. */
  readonly canonical: string;
}

type PrefixParts = Omit<IpPrefix, "canonical">;

const FORMS = "Use an IPv4 address (203.0.113.7), an IPv6 address (2001:db8::7) or a CIDR block (203.0.113.0/24).";

/** `why` completes the generic sentence; `message` stands alone when the fix is more specific. */
type Failure = { why: string } | { message: string };

export function parseIpPrefix(text: string): IpPrefix {
  const result = tryParse(text);
  if ("network" in result) return result;
  const message =
    "message" in result ? result.message : `"${text}" is not an IP address or CIDR block: ${result.why}. ${FORMS}`;
  throw new AjarError("INPUT.INVALID", message);
}

/** For callers that only need a yes/no, e.g. telling an address apart from a VM name. */
export function tryParseIpPrefix(text: string): IpPrefix | undefined {
  const result = tryParse(text);
  return "network" in result ? result : undefined;
}

function tryParse(text: string): IpPrefix | Failure {
  const fail = (why: string): Failure => ({ why });
  if (text === "") return fail("it is empty");
  if (/\s/.test(text)) return fail("it contains whitespace");
  if (text.startsWith("[")) return fail("leave out the square brackets");
  if (text.includes(",")) return fail("give one address or block at a time");
  if (/^[0-9a-fA-F.:]+-[0-9a-fA-F.:]+$/.test(text)) {
    return fail("ranges are not supported; cover the range with a CIDR block such as 10.0.0.0/28");
  }

  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const parsed = parseIpAddress(addressText);
  if (!parsed.ok) return fail(parsed.why);
  const bits = ADDRESS_BITS[parsed.address.version];

  let length = bits;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > bits) {
      return fail(`the prefix length after "/" must be a whole number from 0 to ${bits}`);
    }
    length = Number(lengthText);
  }

  const prefix = unmap({ version: parsed.address.version, network: parsed.address.value, length });
  const network = prefix.network & netmask(prefix.version, prefix.length);
  if (network === prefix.network) return { ...prefix, canonical: formatIpPrefix(prefix) };
  const suggestion = formatIpPrefix({ ...prefix, network });
  const host = formatIpAddress({ version: prefix.version, value: prefix.network });
  return {
    message: `${formatIpPrefix(prefix)} has host bits set; did you mean ${suggestion}? For a single machine, give just the address (${host}).`,
  };
}

/**
 * Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; an NSG rule must name them as IPv4.
 * Blocks wider than the mapped range stay IPv6 because they cover more than IPv4.
 */
function unmap(prefix: PrefixParts): PrefixParts {
  const address: IpAddress = { version: prefix.version, value: prefix.network };
  if (!isIpv4Mapped(address) || prefix.length < 96) return prefix;
  return { version: 4, network: prefix.network & 0xffffffffn, length: prefix.length - 96 };
}

export function netmask(version: IpVersion, length: number): bigint {
  const bits = BigInt(ADDRESS_BITS[version]);
  const all = (1n << bits) - 1n;
  return (all >> BigInt(length)) ^ all;
}

/** Canonical CIDR form, always with the length (`10.1.2.3/32`), so equal blocks have equal text. */
export function formatIpPrefix(prefix: PrefixParts): string {
  return `${formatIpAddress({ version: prefix.version, value: prefix.network })}/${prefix.length}`;
}

/**
 * The form to write into an NSG rule: a bare address for a single host, as the portal writes it.
 * Rules read back may use either form, so compare parsed prefixes, never strings.
 */
export function formatIpPrefixForArm(prefix: PrefixParts): string {
  const address = formatIpAddress({ version: prefix.version, value: prefix.network });
  return prefix.length === ADDRESS_BITS[prefix.version] ? address : `${address}/${prefix.length}`;
}

export function isSingleAddress(prefix: PrefixParts): boolean {
  return prefix.length === ADDRESS_BITS[prefix.version];
}

export function prefixContains(outer: PrefixParts, inner: PrefixParts): boolean {
  if (outer.version !== inner.version || outer.length > inner.length) return false;
  return (inner.network & netmask(outer.version, outer.length)) === outer.network;
}

/** CIDR blocks are either nested or disjoint, so overlap is containment one way or the other. */
export function prefixesOverlap(a: PrefixParts, b: PrefixParts): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

export function samePrefix(a: PrefixParts, b: PrefixParts): boolean {
  return a.version === b.version && a.length === b.length && a.network === b.network;
}

// NSG rules accept these as "from anywhere"; a JIT grant must never open a port to them.
const ANY_TOKENS = new Set(["*", "any", "internet", "0.0.0.0/0", "::/0"]);

/**
 * True for every spelling of "any source": the NSG keywords, and any /0 block however written
 * (`0::/0`, `::ffff:0.0.0.0/96`). Policy refuses these; the parser keeps them so it can say so.
 */
export function isAnySourceToken(text: string): boolean {
  if (ANY_TOKENS.has(text.toLowerCase())) return true;
  return tryParseIpPrefix(text)?.length === 0;
}
