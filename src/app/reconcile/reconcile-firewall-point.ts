import { resourceName } from "../../domain/azure-id/resource-id.js";
import { errorMessage, isAjarError } from "../../domain/errors.js";
import { configuredFirewalls } from "../../domain/firewall/firewall-for-vm.js";
import type { FirewallTarget } from "../../domain/firewall/firewall-target.js";
import type { FirewallGrant } from "../../domain/firewall/plan-dnat.js";
import type { AuthorizedGrant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { endGrant } from "../shared/end-grant.js";
import { failGrant } from "../shared/fail-grant.js";
import { mutateGrant } from "../shared/mutate-grant.js";
import { grantWants, type GrantWant } from "./grant-wants.js";
import { markRuleGone, markRuleLive } from "./mark-rule.js";
import { reconcileFirewall, type FirewallPassResult } from "./reconcile-firewall.js";
import { readNsgView, type PassResult } from "./reconcile-nsg.js";

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The configured firewall, or (no longer configured) one that lets the pass remove what ajar left there. */
function targetFor(deps: Deps, firewallId: string): { target: FirewallTarget; configured: boolean } {
  const target = configuredFirewalls(deps.settings.policies).find((t) => same(t.id, firewallId));
  return target
    ? { target, configured: true }
    : { target: { id: firewallId, publicIp: "", portRange: { from: 1, to: 1 }, priority: 150 }, configured: false };
}

function toFirewallGrant(grant: AuthorizedGrant, want: GrantWant): FirewallGrant | undefined {
  if (!want.wants || !grant.network || !grant.firewall) return undefined;
  const [vmPrivateIp] = grant.network.privateIps;
  if (!vmPrivateIp) return undefined;
  return {
    grantId: grant.id,
    source: grant.source,
    requester: want.rule.requester,
    vmPrivateIp,
    vmPort: grant.target.port,
    protocol: grant.target.protocol,
    endsAt: want.rule.ruleEnd,
    ...(grant.firewall.port !== undefined ? { port: grant.firewall.port } : {}),
  };
}

/**
 * The firewall as one more enforcement point: one pass writes the DNAT entries of every grant indexed
 * on it (one firewall operation for a burst), then moves each grant on exactly like an NSG pass does:
 * entry live (the grant opens once its NSG rules are live too), gone, or refused. A firewall write
 * that finally fails fails the grants still waiting to open, so their NSG rules go too.
 */
export async function reconcileFirewallPoint(
  deps: Deps,
  firewallId: string,
  signal?: AbortSignal,
): Promise<PassResult> {
  const firewalls = deps.firewalls;
  if (!firewalls)
    throw new Error(`No firewall access is wired in this process, so ${firewallId} cannot be reconciled.`);
  const view = await readNsgView(deps, firewallId);
  const { target, configured } = targetFor(deps, firewallId);
  const now = deps.clock.now().getTime();
  const wants = new Map(view.grants.map((g) => [g.id, grantWants(g, deps.settings, now)] as const));
  const firewallGrants = configured ? view.grants.flatMap((g) => toFirewallGrant(g, wants.get(g.id)!) ?? []) : [];
  let result: FirewallPassResult;
  try {
    result = await reconcileFirewall({ firewalls, logger: deps.logger }, target, firewallGrants, signal);
  } catch (error) {
    const reason = `Azure Firewall ${resourceName(firewallId)} did not take its DNAT rule: ${isAjarError(error) ? error.userMessage : errorMessage(error)}`;
    for (const grant of view.grants)
      if (grant.status === "approved" && firewallGrants.some((f) => f.grantId === grant.id))
        await failGrant(deps, grant.id, reason);
    throw error;
  }
  const landedAt = deps.clock.now();
  for (const grant of view.grants) {
    const want = wants.get(grant.id);
    const port = result.ports.get(grant.id);
    const refusal =
      result.refused.find((r) => r.grantId === grant.id)?.reason ??
      (want && !want.wants ? want.refusal : undefined) ??
      (!configured && want?.wants
        ? `the firewall ${resourceName(firewallId)} is no longer configured for its policy`
        : undefined);
    if (port !== undefined && !refusal) {
      if (grant.firewall?.port !== port) await recordPort(deps, grant.id, port);
      await markRuleLive(deps, grant.id, firewallId, {
        priority: result.priority,
        landedAt,
        wroteNow: result.written.has(grant.id),
      });
    } else if (refusal && grant.status === "approved") {
      await failGrant(deps, grant.id, `ajar could not open it: ${refusal}`);
    } else if (refusal && grant.status === "active" && !grant.ending) {
      await endGrant(deps, grant.id, { reason: "revoked", actor: "ajar", detail: refusal });
    }
    if (port === undefined) await markRuleGone(deps, grant.id, firewallId);
  }
  return { writes: result.writes, lockdowns: [], exposures: [], settled: Promise.resolve() };
}

async function recordPort(deps: Deps, grantId: string, port: number): Promise<void> {
  await mutateGrant(deps.store, grantId, (g) =>
    g.firewall && g.firewall.port !== port
      ? { ...g, version: g.version + 1, firewall: { ...g.firewall, port } }
      : undefined,
  );
}
