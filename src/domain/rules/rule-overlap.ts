import { prefixContains, tryParseIpPrefix } from "../net/index.js";

/**
 * Whether an address block in a rule contains one of the VM's addresses; undefined when the text is
 * not an address block (a service tag, `*`, an application security group), which each caller
 * judges in the direction that is safe for it.
 */
export function blockContainsAny(prefix: string, ips: string[]): boolean | undefined {
  const block = tryParseIpPrefix(prefix.trim());
  if (block === undefined) return undefined;
  return ips.some((ip) => {
    const address = tryParseIpPrefix(ip);
    return address !== undefined && prefixContains(block, address);
  });
}

/**
 * Whether a destination prefix may include one of the VM's addresses. Service tags and anything we
 * cannot parse are assumed to include it: over-estimating overlap only moves ajar's rules to a safer
 * place, never a rule of the operator's.
 */
export const prefixMayInclude = (prefix: string, ips: string[]): boolean => blockContainsAny(prefix, ips) ?? true;
