import { errorMessage, isAjarError } from "../../domain/errors.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import { checkPermissions } from "../../domain/rbac/index.js";
import { ExpiringMap } from "../../domain/time/expiring-map.js";
import type { Deps } from "../deps.js";
import { resolveIdentity } from "../shared/resolve-identity.js";
import type { VmCatalog } from "./vm-catalog.js";

/** What a user must hold on a VM to see it listed: the read Defender's request role also needs there. */
const VM_READ_ACTION = "Microsoft.Compute/virtualMachines/read";

/** RBAC reads run a few at a time: the estate may be large and ARM throttles per principal. */
const CONCURRENCY = 8;

/** Identities whose answer is kept; more than this within the TTL and the oldest go. */
const CACHED_IDENTITIES = 1000;

/** The VMs a Slack user could request: covered by a policy, and readable to their Azure identity. */
export type VisibleVms = (slackUserId: string, signal?: AbortSignal) => Promise<VmSummary[]>;

/**
 * Help and the VM picker show a user only what they could ask for, never the whole estate. An
 * unmapped user sees nothing; a VM whose RBAC cannot be read is left out (fail closed). Answers are
 * cached per identity for a short while, since Slack asks for picker options on every keystroke.
 */
export function createVisibleVms(
  deps: Pick<Deps, "settings" | "directory" | "entra" | "permissions" | "roleCache" | "clock" | "logger">,
  catalog: VmCatalog,
  ttlMs = 60_000,
): VisibleVms {
  const cache = new ExpiringMap<string, Set<string>>(ttlMs, CACHED_IDENTITIES, () => deps.clock.now().getTime());
  return async (slackUserId, signal) => {
    let objectId: string;
    try {
      objectId = (await resolveIdentity(deps, slackUserId, signal)).objectId;
    } catch (error) {
      if (isAjarError(error) && error.code === "IDENTITY.UNMAPPED") return [];
      throw error;
    }
    const covered = (await catalog(signal)).filter((vm) => policiesFor(deps.settings.policies, vm).length > 0);
    let ids = cache.get(objectId);
    if (ids === undefined) {
      ids = await readable(deps, objectId, covered, signal);
      cache.set(objectId, ids);
    }
    return covered.filter((vm) => ids.has(vm.id.toLowerCase()));
  };
}

async function readable(
  deps: Pick<Deps, "permissions" | "roleCache" | "logger" | "entra">,
  objectId: string,
  vms: VmSummary[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const ids = new Set<string>();
  const queue = [...vms];
  const worker = async (): Promise<void> => {
    for (let vm = queue.shift(); vm !== undefined; vm = queue.shift()) {
      try {
        const decision = await checkPermissions(
          {
            source: deps.permissions,
            definitionCache: deps.roleCache,
            ...(deps.entra ? { listGroupIds: deps.entra.groupIdsOf.bind(deps.entra) } : {}),
          },
          objectId,
          vm.id,
          [VM_READ_ACTION],
          signal,
        );
        if (decision.allowed) ids.add(vm.id.toLowerCase());
      } catch (error) {
        deps.logger.debug(
          { vm: vm.id, err: errorMessage(error) },
          "left a VM out of the list: its RBAC could not be read",
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, vms.length) }, worker));
  if (signal?.aborted) throw signal.reason;
  return ids;
}
