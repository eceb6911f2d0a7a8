import { isAjarError } from "../../domain/errors.js";
import type { AuthorizedGrant, Grant } from "../../domain/grant/grant.js";
import { validateRequest } from "../../domain/policy/validate-request.js";
import type { NsgGrant, NsgVm } from "../../domain/rules/plan-nsg.js";
import { policyOfGrant, type Settings } from "../settings.js";

/** Slack for clock differences between the worker that opened a grant and the one checking it. */
const WINDOW_SLACK_MS = 60_000;

export type GrantWant = { wants: true; rule: NsgGrant } | { wants: false; refusal?: string };

/** The end the grant's rules must not outlive. */
export const endOf = (grant: Grant): number => Date.parse(grant.expiresAt ?? grant.ruleEnd ?? "") || 0;

/**
 * Whether a grant wants its rule in an NSG right now. Redis is not trusted for this: the record is
 * checked again against the configuration as it is now, so a record edited by hand (or a policy
 * tightened since) can open nothing the policy would refuse.
 */
export function grantWants(grant: Grant, settings: Settings, now: number, vmsBehindNsg?: NsgVm[]): GrantWant {
  if ((grant.status !== "approved" && grant.status !== "active") || grant.ending || !grant.network)
    return { wants: false };
  if (grant.startAt && Date.parse(grant.startAt) > now + 1000) return { wants: false };
  const end = endOf(grant);
  if (end <= now) return { wants: false };
  const refusal = revalidate(grant, settings, now, end, vmsBehindNsg);
  if (refusal) return { wants: false, refusal };
  return {
    wants: true,
    rule: {
      grantId: grant.id,
      requester: grant.requester.displayName ?? grant.requester.slackUserId,
      port: grant.target.port,
      protocol: grant.target.protocol,
      // Behind a firewall the NSG sees the firewall's subnet, not the requester; the DNAT rule holds the requester's source.
      source: grant.firewall ? grant.firewall.privateRange : grant.source,
      privateIps: grant.network.privateIps,
      ruleEnd: new Date(grant.ruleEnd ?? end),
    },
  };
}

function revalidate(
  grant: AuthorizedGrant,
  settings: Settings,
  now: number,
  end: number,
  vms: NsgVm[] | undefined,
): string | undefined {
  const policy = policyOfGrant(settings, grant);
  if (!policy) return `the policy ${grant.policyName} that allowed it no longer exists`;
  if (vms && !vms.some((vm) => vm.id.toLowerCase() === grant.target.vmId.toLowerCase())) {
    return `${grant.target.vmName} is no longer covered by an ajar policy`;
  }
  try {
    const access = validateRequest(policy, {
      port: grant.target.port,
      source: grant.source,
      durationSeconds: grant.durationSeconds,
    });
    if (access.port.protocol !== grant.target.protocol && access.port.protocol !== "*")
      return `port ${grant.target.port} is now offered for ${access.port.protocol} only`;
    const max = Math.min(policy.maxDurationSeconds, access.port.maxDurationSeconds ?? Infinity) * 1000;
    const from = grant.openedAt ? Date.parse(grant.openedAt) : now;
    if (end - from > max + WINDOW_SLACK_MS) return `its window is longer than the policy allows`;
  } catch (error) {
    return isAjarError(error) ? error.userMessage : String(error);
  }
  return undefined;
}
