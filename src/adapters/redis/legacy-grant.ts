import { tryParseResourceId } from "../../domain/azure-id/resource-id.js";
import type { GrantRequest } from "../../domain/grant/grant-request.js";
import type { AuthorizedGrant, Grant, GrantTarget, RequestedGrant } from "../../domain/grant/grant.js";

/** How grants were stored before a request had its own part: always a target, policy and window. */
type LegacyGrant = Omit<AuthorizedGrant, "request">;

/** A grant as stored in Redis, in either of the shapes ajar has written. */
export type StoredGrant = Grant | LegacyGrant;

/** The grant a stored record stands for, whichever shape it was written in. */
export function upgradeStoredGrant(stored: StoredGrant): Grant {
  return "request" in stored ? stored : fromLegacy(stored);
}

/**
 * Older records kept an unauthorized request in placeholders: no policy name, an empty VM id,
 * subscription and group, and a zero duration for the policy's default. What they stood for is read
 * back as the request. An authorized record keeps its target, policy and window; what was asked was
 * not recorded then, so the VM's name and the window granted stand for it.
 */
function fromLegacy(legacy: LegacyGrant): Grant {
  const { policyName, target, durationSeconds, ...rest } = legacy;
  const asked = { vmName: target.vmName, port: target.port, portLabel: target.portLabel };
  if (policyName !== "")
    return { ...rest, request: { ...asked, durationSeconds }, policyName, target: withPlace(target), durationSeconds };
  const request: GrantRequest = {
    ...asked,
    ...(target.vmId !== "" ? { vmId: target.vmId } : {}),
    ...(durationSeconds > 0 ? { durationSeconds } : {}),
  };
  return { ...rest, request } as RequestedGrant;
}

/** The VMs that followed a several-VM request were opened without their subscription and group: the id has them. */
function withPlace(target: GrantTarget): GrantTarget {
  if (target.subscriptionId !== "" && target.resourceGroup !== "") return target;
  const id = tryParseResourceId(target.vmId);
  return id?.resourceGroup === undefined
    ? target
    : { ...target, subscriptionId: id.subscriptionId, resourceGroup: id.resourceGroup };
}
