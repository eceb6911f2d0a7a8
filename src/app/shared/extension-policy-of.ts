import { AjarError } from "../../domain/errors.js";
import type { Grant } from "../../domain/grant/grant.js";
import type { Policy } from "../../domain/policy/policy.js";
import type { Deps } from "../deps.js";
import { policyOfGrant } from "../settings.js";

/** The policy that allowed the grant, which bounds any extension of it. */
export function extensionPolicyOf(deps: Pick<Deps, "settings">, grant: Grant): Policy {
  const policy = policyOfGrant(deps.settings, grant);
  if (!policy)
    throw new AjarError(
      "POLICY.NOT_COVERED",
      `The policy that allowed ${grant.id} no longer exists, so it cannot be extended.`,
    );
  return policy;
}
