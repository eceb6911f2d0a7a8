import type { SecurityRuleInfo } from "../ports/network-access.port.js";

/**
 * What a plan has to fit around in one NSG: ajar's rules already there (by lower-cased name, as ARM
 * compares names) and every inbound priority in use, claimed ones included.
 */
export interface NsgSpace {
  existing: Map<string, SecurityRuleInfo>;
  taken: Set<number>;
}

export const existingRule = (space: NsgSpace, name: string): SecurityRuleInfo | undefined =>
  space.existing.get(name.toLowerCase());
