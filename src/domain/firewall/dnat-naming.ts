import { GRANT_ID_SOURCE } from "../grant/grant-id.js";

/**
 * ajar's DNAT rules are named after their grant so any process can tell whose rule it is from Azure
 * alone; the description carries the end, like the NSG rules' descriptions, for sweeps.
 */

const NAME = new RegExp(`^ajar-(${GRANT_ID_SOURCE})$`);

export const dnatRuleName = (grantId: string): string => `ajar-${grantId}`;

export const grantIdOfDnatRule = (name: string): string | undefined => NAME.exec(name)?.[1];

export function dnatRuleDescription(grantId: string, who: string, endsAt: Date): string {
  const until = endsAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `ajar JIT ${grantId} until ${until} for ${who.replace(/[^\w.@-]/g, "")}`.slice(0, 140);
}
