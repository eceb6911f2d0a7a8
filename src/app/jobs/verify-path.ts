import { errorMessage, isAjarError } from "../../domain/errors.js";
import type { Grant, PathCheck } from "../../domain/grant/grant.js";
import { record } from "../../domain/grant/transitions.js";
import { checkPath } from "../../domain/path/check-path.js";
import type { Deps } from "../deps.js";
import { auditGrant } from "../shared/audit-grant.js";
import { mutateGrant } from "../shared/mutate-grant.js";
import { announce } from "./announce-grant.js";

/**
 * Proof that the path is open: asks Azure for the effective security rules on the VM's NICs and
 * checks that the grant's source reaches its port through every NSG on the path. The verdict is kept
 * on the grant, so its card, DMs and App Home say "opened, but blocked by <rule> at priority <n>"
 * instead of a plain "open"; a block is also told to the requester at once. Call it once the grant is
 * active (every rule write landed). A failure to ask Azure is recorded as unknown, never as open.
 */
export async function verifyPath(deps: Deps, grant: Grant, signal?: AbortSignal): Promise<PathCheck | undefined> {
  if (grant.status !== "active") return undefined;
  const at = deps.clock.now().toISOString();
  let check: PathCheck;
  try {
    const [network, effective] = await Promise.all([
      deps.network.resolveVmNetwork(grant.target.vmId, signal),
      deps.network.listEffectiveRules(grant.target.vmId, signal),
    ]);
    const verdict = checkPath(effective, {
      source: grant.source,
      destinations: network.privateIps,
      port: grant.target.port,
      protocol: grant.target.protocol,
    });
    check = verdict.open ? { at, open: true } : { at, open: false, blockedBy: verdict.blockedBy };
  } catch (error) {
    if (signal?.aborted) throw error;
    check = { at, open: false, unknown: isAjarError(error) ? error.userMessage : errorMessage(error) };
  }

  const detail = check.blockedBy
    ? `blocked by ${check.blockedBy.rule} (priority ${check.blockedBy.priority}) in ${check.blockedBy.nsg}`
    : check.unknown
      ? `unknown: ${check.unknown}`
      : "open";
  const saved = await mutateGrant(deps.store, grant.id, (g) =>
    g.status === "active"
      ? record(g, { type: "path-checked", at, actor: "ajar", detail }, { pathCheck: check })
      : undefined,
  );
  if (!saved) return check;
  deps.logger.info({ grantId: grant.id, path: detail }, "path checked");
  if (check.blockedBy) {
    await auditGrant(deps.audit, saved.after, "path-blocked", "ajar", detail);
    await announce(deps, saved.after, "path-blocked");
  } else {
    await announce(deps, saved.after);
  }
  return check;
}

/** After the "opened" news: the grant as it is now, checked end to end. */
export async function verifyPathById(deps: Deps, grantId: string, signal?: AbortSignal): Promise<void> {
  const grant = await deps.store.get(grantId);
  if (grant) await verifyPath(deps, grant, signal);
}
