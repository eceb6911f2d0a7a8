import { errorMessage, isAjarError } from "../domain/errors.js";
import type { FirewallTarget } from "../domain/firewall/firewall-target.js";
import { parsePortRange } from "../domain/firewall/port-range.js";
import type { FirewallConfig } from "./firewall-schema.js";

/** The YAML firewall block as the domain's FirewallTarget; problems are collected with their key. */
export function toFirewallTarget(
  raw: FirewallConfig | undefined,
  at: string,
  problems: string[],
): FirewallTarget | undefined {
  if (!raw) return undefined;
  try {
    return { id: raw.id, publicIp: raw.publicIp, portRange: parsePortRange(raw.portRange), priority: raw.priority };
  } catch (error) {
    problems.push(
      `${at}.portRange: ${JSON.stringify(raw.portRange)} — ${isAjarError(error) ? error.userMessage : errorMessage(error)}`,
    );
    return undefined;
  }
}
