import { resourceName } from "../../domain/azure-id/resource-id.js";
import { AjarError, errorMessage, isAjarError } from "../../domain/errors.js";
import { grantIdOfDnatRule } from "../../domain/firewall/dnat-naming.js";
import type { FirewallTarget } from "../../domain/firewall/firewall-target.js";
import { planDnat, type FirewallGrant } from "../../domain/firewall/plan-dnat.js";
import type { FirewallAccess, FirewallSnapshot } from "../../domain/ports/firewall-access.port.js";
import type { Logger } from "../ports/logger.port.js";

export interface ReconcileFirewallDeps {
  firewalls: FirewallAccess;
  logger: Logger;
  /** Waits `ms` (Retry-After); rejects when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Reads and writes one pass may spend on 412s, supersedes and busy answers before giving up. Default 12. */
  maxAttempts?: number;
  /** Failed operations one pass retries before giving up. Default 3. */
  maxFailures?: number;
}

export interface FirewallPassResult {
  /** The public IP and the port of every grant whose DNAT entry is enforced after the pass. */
  publicIp: string;
  ports: Map<string, number>;
  /** Grants the pass could not place (their entries are not on the firewall). */
  refused: { grantId: string; reason: string }[];
  /** Grant ids whose entries the pass removed. */
  removed: string[];
  /** AzureFirewallSubnet prefixes: the source the VM's NSGs see for these grants. */
  privateRanges: string[];
  /** Priority of ajar's collection (classic) or group (policy) after the pass. */
  priority: number;
  /** Grants whose entry the pass's write added or changed (their window starts with this write). */
  written: Set<string>;
  /** Firewall writes that ended Succeeded in this pass: 0 when nothing changed. */
  writes: number;
  /** Every write sent, including those answered 412, busy, superseded or failed. */
  attempts: number;
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/**
 * The configured public IP as an address of this firewall; a resource id is looked up among its IPs.
 * With no grant to place, any address does: the pass can still remove what ajar left there.
 */
function publicAddress(target: FirewallTarget, snapshot: FirewallSnapshot, placing: boolean): string {
  const wanted = target.publicIp.toLowerCase();
  const found = snapshot.publicIps.find((p) => p.address === target.publicIp || p.id.toLowerCase() === wanted);
  if (!found && !placing) return snapshot.publicIps[0]?.address ?? target.publicIp;
  if (!found) {
    const known = snapshot.publicIps.map((p) => p.address).join(", ") || "none";
    throw new AjarError(
      "CONFIG.INVALID",
      `The firewall ${resourceName(target.id)} has no public IP ${target.publicIp} (its public IPs: ${known}); fix firewall.publicIp in the policy.`,
    );
  }
  return found.address;
}

/**
 * One pass over one firewall: read ajar's part with its etag, plan the DNAT collection the grants
 * want, write it in one operation with If-Match, and start over from a fresh read whenever Azure says
 * the read is stale (412, or the write was superseded); wait Retry-After while another operation holds
 * the firewall. Every grant given goes into the same write, so a burst costs one firewall operation.
 */
export async function reconcileFirewall(
  deps: ReconcileFirewallDeps,
  target: FirewallTarget,
  grants: FirewallGrant[],
  signal?: AbortSignal,
): Promise<FirewallPassResult> {
  const sleep = deps.sleep ?? realSleep;
  const maxAttempts = deps.maxAttempts ?? 12;
  const maxFailures = deps.maxFailures ?? 3;
  const log = deps.logger.child({ firewall: target.id });
  let attempts = 0;
  let failures = 0;
  for (let round = 0; round < maxAttempts; round++) {
    const snapshot = await deps.firewalls.read(target.id, signal);
    const publicIp = publicAddress(target, snapshot, grants.length > 0);
    const plan = planDnat({ grants, snapshot, publicIp, portRange: target.portRange, priority: target.priority });
    const removed = (snapshot.owned?.rules ?? [])
      .map((r) => grantIdOfDnatRule(r.name))
      .filter((id): id is string => id !== undefined && !plan.ports.has(id));
    const before = new Set((snapshot.owned?.rules ?? []).map((r) => JSON.stringify(r)));
    const written = new Set(
      plan.owned.rules
        .filter((r) => !before.has(JSON.stringify(r)))
        .map((r) => grantIdOfDnatRule(r.name))
        .filter((id): id is string => id !== undefined),
    );
    const result = (writes: number): FirewallPassResult => ({
      publicIp,
      ports: plan.ports,
      refused: plan.refused,
      removed,
      privateRanges: snapshot.privateRanges,
      priority: plan.owned.priority,
      written: writes > 0 ? written : new Set(),
      writes,
      attempts,
    });
    if (!plan.changed) return result(0);
    attempts += 1;
    let outcome;
    try {
      outcome = await deps.firewalls.write(snapshot, plan.owned, signal);
    } catch (error) {
      if (!isAjarError(error) || !error.retryable || ++failures > maxFailures) throw error;
      log.warn({ err: errorMessage(error), failures }, "firewall write failed; reading again and retrying");
      continue;
    }
    if (outcome.kind === "applied") {
      log.info(
        { rules: plan.owned.rules.length, removed: removed.length, refused: plan.refused.length },
        "firewall DNAT rules applied",
      );
      return result(1);
    }
    if (outcome.kind === "busy") {
      log.debug({ retryAfterMs: outcome.retryAfterMs }, "firewall busy with another operation; waiting");
      await sleep(outcome.retryAfterMs, signal);
    } else {
      log.debug({ reason: outcome.reason }, "firewall changed since it was read; reading again");
    }
  }
  throw new AjarError(
    "CLOUD.TRANSIENT",
    `The firewall ${resourceName(target.id)} kept changing or stayed busy through ${maxAttempts} attempts; ajar will try again.`,
    { retryable: true },
  );
}
