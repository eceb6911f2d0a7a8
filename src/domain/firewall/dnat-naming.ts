import { GRANT_ID_SOURCE } from "../grant/grant-id.js";

/**
 * ajar's DNAT rules are named after their grant so any process can tell whose rule it is from Azure
 * alone; the description carries the end, like the NSG rules' descriptions, for sweeps.
 */

const NAME = new RegExp(`^ajar-(${GRANT_ID_SOURCE})$`);
const UNTIL = /until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)/;

export const dnatRuleName = (grantId: string): string => `ajar-${grantId}`;

export const grantIdOfDnatRule = (name: string): string | undefined => NAME.exec(name)?.[1];

export function dnatRuleDescription(grantId: string, who: string, endsAt: Date): string {
  const until = endsAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `ajar JIT ${grantId} until ${until} for ${who.replace(/[^\w.@-]/g, "")}`.slice(0, 140);
}

export function endOfDnatRule(description: string): Date | undefined {
  const found = UNTIL.exec(description);
  const at = found ? new Date(found[1] as string) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}
