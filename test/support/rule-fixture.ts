import type { SecurityRuleInfo } from "../../src/domain/ports/network-access.port.js";

/** An inbound TCP allow from anywhere to anything on port 22, changed by `overrides`. */
export function securityRule(
  name: string,
  priority: number,
  overrides: Partial<SecurityRuleInfo> = {},
): SecurityRuleInfo {
  return {
    name,
    priority,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefixes: ["*"],
    sourcePortRanges: ["*"],
    destinationAddressPrefixes: ["*"],
    destinationPortRanges: ["22"],
    ...overrides,
  };
}
