import { GRANT_ID_SOURCE } from "../grant/grant-id.js";

/**
 * Rules ajar writes must be recognisable from Azure alone, so a sweeper can close them even if Redis
 * lost every record: the name says "ajar" and the grant, the description carries the expiry.
 * Every rule whose name starts with `ajar-` is ajar's to rewrite or delete; no other rule ever is.
 * Descriptions are limited to 140 characters by ARM.
 */

export const RULE_PREFIX = "ajar-";
export const LOCKDOWN_PREFIX = "ajar-lockdown-";

const ALLOW_NAME = new RegExp(`^ajar-(${GRANT_ID_SOURCE})-p(\\d{1,5})$`);
const EXPIRY_IN_DESCRIPTION = /until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)/;

export function allowRuleName(grantId: string, port: number): string {
  return `${RULE_PREFIX}${grantId}-p${port}`;
}

/** FNV-1a, 32 bits: a short, stable tag for a resource id (no crypto needed, collisions only cost a rename). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * One lock-down rule per VM resource, not per VM name: two VMs called `web` in different resource
 * groups behind one NSG each keep their own. ARM rule names are at most 80 characters and may not
 * contain every character a VM name can.
 */
export function lockdownRuleName(vm: { id: string; name: string }): string {
  const tag = shortHash(vm.id.toLowerCase());
  const name = vm.name.replace(/[^\w.-]/g, "-").slice(0, 80 - LOCKDOWN_PREFIX.length - tag.length - 1);
  return `${LOCKDOWN_PREFIX}${name}-${tag}`;
}

export function allowRuleDescription(grantId: string, who: string, expiresAt: Date): string {
  const until = expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const text = `ajar JIT ${grantId} until ${until} for ${who.replace(/[^\w.@-]/g, "")}`;
  return text.slice(0, 140);
}

export function lockdownRuleDescription(vmName: string): string {
  return `ajar JIT lock-down for ${vmName}: management ports closed unless a grant opens them`.slice(0, 140);
}

export interface ParsedAllowRule {
  grantId: string;
  port: number;
  /** Undefined when the description was edited away: the sweeper treats that as expired. */
  expiresAt?: Date;
}

export function parseAllowRule(name: string, description?: string): ParsedAllowRule | undefined {
  const match = ALLOW_NAME.exec(name);
  if (!match) return undefined;
  const expiry = description ? EXPIRY_IN_DESCRIPTION.exec(description) : null;
  const expiresAt = expiry ? new Date(expiry[1]!) : undefined;
  return {
    grantId: match[1]!,
    port: Number(match[2]),
    expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : undefined,
  };
}

export const isLockdownRule = (name: string): boolean => name.toLowerCase().startsWith(LOCKDOWN_PREFIX);
export const isAjarRule = (name: string): boolean => name.toLowerCase().startsWith(RULE_PREFIX);
