import { isRestError } from "@azure/core-rest-pipeline";

import type { GraphClient } from "../../adapters/graph/graph-client.js";
import { resolveIdentity, type IdentityDeps } from "../../app/shared/resolve-identity.js";
import { isAjarError } from "../../domain/errors.js";
import { GRAPH_PERMISSIONS } from "../role/graph-permissions.js";
import { errorText, fail, pass, warn, type CheckResult } from "./check.js";

const permissionFix = (name: string): string =>
  `grant ajar's identity the Microsoft Graph application permission ${name} with admin consent (\`ajar role --bot\` prints the commands)`;

async function probe(name: string, permission: string, work: () => Promise<string>): Promise<CheckResult> {
  try {
    return pass(name, await work());
  } catch (error) {
    const denied = isRestError(error) && (error.statusCode === 401 || error.statusCode === 403);
    return fail(
      name,
      errorText(error),
      denied ? permissionFix(permission) : "check network access to AZURE_GRAPH_ENDPOINT and the credential",
    );
  }
}

export interface EntraCheckDeps {
  graph: GraphClient;
  identity: IdentityDeps;
  /** A Slack user id to map end to end (doctor --slack-user). */
  sampleSlackUser?: string;
}

/**
 * Whether ajar can read what it needs from Entra ID: a user (User.Read.All), a user's transitive
 * groups (GroupMember.Read.All), and whether a sample Slack user maps to exactly one Entra user.
 */
export async function checkEntra(deps: EntraCheckDeps): Promise<CheckResult[]> {
  const [userRead, groupRead] = GRAPH_PERMISSIONS;
  let sampleId: string | undefined;
  const users = await probe(`entra ${userRead.name}`, userRead.name, async () => {
    const page = await deps.graph.get("/users?$top=1&$select=id");
    sampleId = ((page.value as { id?: string }[] | undefined) ?? [])[0]?.id;
    return "users can be read";
  });
  const groups = sampleId
    ? await probe(`entra ${groupRead.name}`, groupRead.name, async () => {
        await deps.graph.get(
          `/users/${sampleId}/transitiveMemberOf/microsoft.graph.group?$top=1&$select=id&$count=true`,
          { advanced: true },
        );
        return "group memberships can be read";
      })
    : warn(`entra ${groupRead.name}`, "not checked: no user could be read", permissionFix(groupRead.name));

  let mapping: CheckResult;
  if (!deps.sampleSlackUser) {
    mapping = warn(
      "entra sample mapping",
      "no sample Slack user given",
      "run `ajar doctor --slack-user U…` to check that a Slack user maps to exactly one Entra user",
    );
  } else {
    try {
      const identity = await resolveIdentity(deps.identity, deps.sampleSlackUser);
      mapping = pass(
        "entra sample mapping",
        `${deps.sampleSlackUser} → ${identity.objectId} (${identity.source === "entra" ? `Entra ID, ${identity.email}` : "identities entry"})`,
      );
    } catch (error) {
      mapping = fail(
        "entra sample mapping",
        isAjarError(error) ? error.userMessage : errorText(error),
        "make the user's Slack email match exactly one enabled Entra user's mail or userPrincipalName, or add an identities entry",
      );
    }
  }
  return [users, groups, mapping];
}
