import { resourceName } from "../../domain/azure-id/resource-id.js";
import { AjarError } from "../../domain/errors.js";
import { dnatRuleName } from "../../domain/firewall/dnat-naming.js";
import type { AuthorizedGrant } from "../../domain/grant/grant.js";
import { record } from "../../domain/grant/transitions.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import type { VmNetwork } from "../../domain/ports/network-access.port.js";
import type { NsgVm } from "../../domain/rules/plan-nsg.js";
import { allowRuleName } from "../../domain/rules/rule-naming.js";
import type { Deps } from "../deps.js";
import { planFirewallOpening } from "../reconcile/firewall-opening.js";
import { loadGrant, mutateGrant } from "../shared/mutate-grant.js";
import { recheckRequester } from "../shared/recheck-requester.js";
import { scheduleEnd } from "../shared/schedule-end.js";

/** An RBAC decision younger than this is not asked of Azure again when the grant opens. */
const RBAC_FRESH_MS = 60_000;

/**
 * The open job: works out where the grant's rules go, records that and the planned end on the grant
 * (before anything is written), registers the grant with each NSG on the VM's path and asks those
 * NSGs to converge. The reconciler writes the rules and opens the grant when they are live. Safe to
 * run again at any point: every step is idempotent. A grant that cannot be opened (no NSG, no longer
 * covered, the requester lost the right) throws a non-retryable AjarError: the job's worker gives
 * up and fails the grant with its message (see the job table).
 */
export async function openGrant(deps: Deps, grantId: string, signal?: AbortSignal): Promise<void> {
  let grant = await loadGrant(deps.store, grantId);
  if (grant.status !== "approved" || grant.ending) return;
  // A later start opens at its start (its open job is delayed until then); never before.
  if (grant.startAt && Date.parse(grant.startAt) > deps.clock.now().getTime() + 1000) return;
  if (!grant.network) {
    const planned = await planOpening(deps, grant, signal);
    if (!planned) return;
    grant = planned;
  }
  const network = grant.network!;
  for (const nsgId of network.nsgIds) await deps.nsgIndex.addGrant(nsgId, grant.id);
  await scheduleEnd(deps, grant, new Date(grant.ruleEnd!));
  await deps.reconciles.request(network.nsgIds);
}

async function planOpening(
  deps: Deps,
  grant: AuthorizedGrant,
  signal?: AbortSignal,
): Promise<AuthorizedGrant | undefined> {
  const network = await deps.network.resolveVmNetwork(grant.target.vmId, signal);
  if (network.nsgIds.length === 0) {
    throw new AjarError(
      "CLOUD.REJECTED",
      `${grant.target.vmName} has no network security group, so ajar cannot control its ports. Ask an administrator to attach one.`,
    );
  }
  const covering = policiesFor(deps.settings.policies, network.vm, grant.target.port);
  if (!covering.some((p) => p.name === grant.policyName)) {
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `${grant.target.vmName} is no longer covered by the policy ${grant.policyName} for port ${grant.target.port}.`,
    );
  }
  const refusal = await recheckRequester(deps, grant, network.vm, signal, { rbacFreshForMs: RBAC_FRESH_MS });
  if (refusal) throw new AjarError("RBAC.DENIED", refusal);
  const firewall = await planFirewallOpening(deps, grant, network.vm, signal);

  const now = deps.clock.now();
  const ruleEnd = new Date(now.getTime() + grant.durationSeconds * 1000).toISOString();
  const name = allowRuleName(grant.id, grant.target.port);
  const saved = await mutateGrant(deps.store, grant.id, (g) =>
    g.status === "approved" && !g.ending && !g.network
      ? record(
          g,
          {
            type: "opening",
            at: now.toISOString(),
            actor: "ajar",
            detail: network.nsgIds.map(resourceName).join(","),
          },
          {
            // A firewall in front of the VM is one more place the grant's entry must be live.
            network: {
              privateIps: network.privateIps,
              nsgIds: firewall ? [...network.nsgIds, firewall.id] : network.nsgIds,
            },
            ruleEnd,
            rules: [
              ...network.nsgIds.map((nsgId) => ({ nsgId, name })),
              ...(firewall ? [{ nsgId: firewall.id, name: dnatRuleName(grant.id) }] : []),
            ],
            ...(firewall ? { firewall } : {}),
          },
        )
      : undefined,
  );
  // The VM's lock-down comes with its first grant, even before the next sweep has found it.
  await deps.nsgIndex.upsertVm(network.nsgIds, coveredVm(deps, network));
  const after = saved?.after ?? (await loadGrant(deps.store, grant.id));
  return after.status === "approved" && !after.ending && after.network ? after : undefined;
}

/** A VM as the NSG reconciler sees it: its addresses and every port its policies offer. */
export function coveredVm(deps: Pick<Deps, "settings">, network: VmNetwork): NsgVm {
  const ports = new Map<number, NsgVm["ports"][number]>();
  for (const policy of policiesFor(deps.settings.policies, network.vm))
    for (const p of policy.ports) if (!ports.has(p.port)) ports.set(p.port, { port: p.port, protocol: p.protocol });
  return {
    id: network.vm.id,
    name: network.vm.name,
    privateIps: network.privateIps,
    ports: [...ports.values()].sort((a, b) => a.port - b.port),
  };
}
