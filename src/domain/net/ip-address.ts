/**
 * Hand-written IPv4/IPv6 address parsing. Both families are held as bigint so prefix arithmetic
 * is one code path. Parsing returns a reason instead of throwing so the prefix parser can build
 * one message that names the whole input.
 */

export type IpVersion = 4 | 6;

export interface IpAddress {
  readonly version: IpVersion;
  readonly value: bigint;
}

export type AddressParse = { ok: true; address: IpAddress } | { ok: false; why: string };

export const ADDRESS_BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

const fail = (why: string): AddressParse => ({ ok: false, why });

/** Strict dotted quad: exactly four decimal octets, no leading zeros (they read as octal in some tools). */
export function parseIpv4(text: string): AddressParse {
  const parts = text.split(".");
  if (parts.length !== 4) return fail("an IPv4 address has exactly four numbers separated by dots");
  let value = 0n;
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) {
      return fail(part === "" ? "it has an empty octet" : `"${part}" is not a decimal octet`);
    }
    if (part.length > 1 && part.startsWith("0")) {
      return fail(`octet "${part}" has a leading zero, which some tools read as octal`);
    }
    const octet = Number(part);
    if (octet > 255) return fail(`octet ${part} is above 255`);
    value = (value << 8n) | BigInt(octet);
  }
  return { ok: true, address: { version: 4, value } };
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIpv6(text: string): AddressParse {
  if (text.includes("%")) return fail("zone ids (the %… suffix) only mean something on one host; leave it out");
  const halves = text.split("::");
  if (halves.length > 2) return fail('"::" may appear only once');
  const compressed = halves.length === 2;
  const head = splitGroups(halves[0] ?? "");
  const tail = compressed ? splitGroups(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return fail("it has an empty group (a stray colon)");

  // RFC 4291 allows a dotted quad only as the last 32 bits of the address.
  const groups = [...head, ...tail];
  const endsWithCompression = compressed && tail.length === 0;
  const lastIndex = endsWithCompression ? -1 : groups.length - 1;
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    if (i === lastIndex && group.includes(".")) {
      const v4 = parseIpv4(group);
      if (!v4.ok) return fail(`its embedded IPv4 part is invalid: ${v4.why}`);
      words.push(Number(v4.address.value >> 16n), Number(v4.address.value & 0xffffn));
      continue;
    }
    if (!HEX_GROUP.test(group)) return fail(`"${group}" is not a group of 1 to 4 hex digits`);
    words.push(Number.parseInt(group, 16));
  }

  const headWords = wordCount(head);
  if (compressed ? words.length > 7 : words.length !== 8) {
    return fail(
      compressed
        ? "it has too many groups for an address with ::"
        : "an IPv6 address has eight groups unless it uses ::",
    );
  }
  const full = compressed
    ? [...words.slice(0, headWords), ...new Array<number>(8 - words.length).fill(0), ...words.slice(headWords)]
    : words;
  const value = full.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
  return { ok: true, address: { version: 6, value } };
}

export function parseIpAddress(text: string): AddressParse {
  if (text.includes(":")) return parseIpv6(text);
  if (/^[0-9.]+$/.test(text)) return parseIpv4(text);
  return fail("it is neither a dotted IPv4 address nor an IPv6 address");
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is how dual-stack sockets report IPv4 peers. */
export function isIpv4Mapped(address: IpAddress): boolean {
  return address.version === 6 && address.value >> 32n === 0xffffn;
}

export function formatIpAddress(address: IpAddress): string {
  return address.version === 4 ? formatIpv4(address.value) : formatIpv6(address.value);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** RFC 5952 canonical text: lower case, no leading zeros, longest run of 2+ zero groups as "::". */
function formatIpv6(value: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(":");
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

function splitGroups(part: string): string[] | undefined {
  if (part === "") return [];
  const groups = part.split(":");
  return groups.includes("") ? undefined : groups;
}

function wordCount(groups: string[]): number {
  return groups.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
}
