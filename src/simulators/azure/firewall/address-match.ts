import { BlockList, isIP } from "node:net";

const family = (ip: string): "ipv4" | "ipv6" => (isIP(ip) === 6 ? "ipv6" : "ipv4");

/** Whether `ip` lies in `pattern`: an address, a CIDR block or an IPv4 range `a-b`. Tags and `*` are the caller's. */
export function addressIn(ip: string, pattern: string): boolean {
  if (isIP(ip) === 0) return false;
  const list = new BlockList();
  try {
    if (pattern.includes("/")) {
      const [address = "", bits = ""] = pattern.split("/");
      if (isIP(address) === 0) return false;
      list.addSubnet(address, Number(bits), family(address));
    } else if (pattern.includes("-") && !pattern.includes(":")) {
      const [low = "", high = ""] = pattern.split("-");
      if (isIP(low) !== 4 || isIP(high) !== 4) return false;
      list.addRange(low, high, "ipv4");
    } else {
      if (isIP(pattern) === 0) return false;
      list.addAddress(pattern, family(pattern));
    }
  } catch {
    return false;
  }
  return list.check(ip, family(ip));
}

/** `*`, a single port or a range `a-b`. */
export function portIn(port: number, pattern: string): boolean {
  if (pattern === "*") return true;
  const [low, high = low] = pattern.split("-").map(Number);
  return low !== undefined && high !== undefined && port >= low && port <= high;
}

const toInt = (ip: string): number => ip.split(".").reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Usable host addresses Azure gives a subnet's instances: from the fourth to the one before broadcast. */
export function instanceAddresses(prefix: string): string[] {
  const [address = "", bits = "32"] = prefix.split("/");
  const size = 2 ** (32 - Number(bits));
  if (isIP(address) !== 4 || size < 8) return [];
  const base = toInt(address);
  const first = base + 4;
  const last = base + size - 2;
  return [...new Set([toIp(first), toIp(first + 1), toIp(last)])];
}
