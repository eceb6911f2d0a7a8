import { extensionRoom } from "../../domain/grant/extension.js";
import type { Grant } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import { extensionPolicyOf } from "../shared/extension-policy-of.js";
import { loadGrant } from "../shared/mutate-grant.js";
import { extendGrant } from "./extend-grant.js";

const DEFAULT_EXTENSION_SECONDS = 30 * 60;

/** The Extend button: 30 more minutes, or whatever room the policy leaves if that is less. */
export async function extendByDefault(
  deps: Deps,
  grantId: string,
  actor: string,
): Promise<{ grant: Grant; message: string }> {
  const grant = await loadGrant(deps.store, grantId);
  const room =
    grant.status === "active" ? extensionRoom(grant, extensionPolicyOf(deps, grant)) : DEFAULT_EXTENSION_SECONDS;
  return extendGrant(deps, grantId, actor, Math.max(1, Math.min(DEFAULT_EXTENSION_SECONDS, room)));
}
