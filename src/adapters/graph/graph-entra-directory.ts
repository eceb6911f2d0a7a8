import { isRestError } from "@azure/core-rest-pipeline";

import { AjarError, errorMessage } from "../../domain/errors.js";
import type { EntraDirectory, EntraUser } from "../../domain/ports/entra-directory.port.js";
import type { GraphClient } from "./graph-client.js";
import { TtlCache } from "./ttl-cache.js";

const USER_FIELDS = "id,displayName,mail,userPrincipalName,accountEnabled,userType";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Conservative: nothing that could end the OData string literal or the query string.
const EMAIL = /^[^\s'"&#?/\\]{1,200}@[^\s'"&#?/\\@]{1,200}$/;

function userFrom(item: Record<string, unknown>): EntraUser {
  return {
    id: String(item.id ?? "").toLowerCase(),
    ...(typeof item.displayName === "string" ? { displayName: item.displayName } : {}),
    ...(typeof item.mail === "string" ? { mail: item.mail } : {}),
    ...(typeof item.userPrincipalName === "string" ? { userPrincipalName: item.userPrincipalName } : {}),
    // Graph leaves these out unless $select names them: a missing value never counts as enabled.
    accountEnabled: item.accountEnabled === true,
    userType: typeof item.userType === "string" ? item.userType : "Unknown",
  };
}

const isUser = (item: Record<string, unknown>): boolean =>
  item["@odata.type"] === undefined || item["@odata.type"] === "#microsoft.graph.user";
const notFound = (error: unknown): boolean => isRestError(error) && error.statusCode === 404;

/** Turns anything Graph did into a refusal that says what happened; the cause stays in the logs. */
function unavailable(error: unknown): AjarError {
  if (error instanceof AjarError) return error;
  const status = isRestError(error) ? error.statusCode : undefined;
  if (status === 401 || status === 403) {
    return new AjarError(
      "IDENTITY.UNAVAILABLE",
      "ajar is not allowed to read Entra ID (Microsoft Graph), so it cannot tell who you are and opens nothing. An ajar operator needs to grant its identity the Graph application permissions User.Read.All and GroupMember.Read.All (`ajar doctor` checks them).",
      { cause: error },
    );
  }
  return new AjarError(
    "IDENTITY.UNAVAILABLE",
    `ajar could not reach Entra ID (Microsoft Graph) to check who you are, so nothing was done (${errorMessage(error).slice(0, 120)}). Try again in a few minutes; if it keeps failing, tell an ajar operator.`,
    { retryable: true, cause: error },
  );
}

/** The Entra ID port over Microsoft Graph, with every answer cached for `cacheTtlMs`. */
export class GraphEntraDirectory implements EntraDirectory {
  private readonly cache: TtlCache;

  constructor(
    private readonly graph: GraphClient,
    cacheTtlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(cacheTtlMs, now);
  }

  private read<T>(key: string, load: () => Promise<T>, fresh = false): Promise<T> {
    return this.cache.get(
      key,
      async () => {
        try {
          return await load();
        } catch (error) {
          throw unavailable(error);
        }
      },
      { fresh },
    );
  }

  usersByEmail(email: string, signal?: AbortSignal): Promise<EntraUser[]> {
    if (!EMAIL.test(email))
      return Promise.reject(
        new AjarError(
          "IDENTITY.UNMAPPED",
          `'${email.slice(0, 80)}' is not an email address ajar can look up in Entra ID.`,
        ),
      );
    const literal = encodeURIComponent(email.toLowerCase().replace(/'/g, "''"));
    const filter = `mail%20eq%20'${literal}'%20or%20userPrincipalName%20eq%20'${literal}'`;
    return this.read(`email:${email.toLowerCase()}`, async () =>
      (
        await this.graph.getAll(`/users?$filter=${filter}&$select=${USER_FIELDS}&$count=true`, {
          advanced: true,
          ...(signal ? { signal } : {}),
        })
      ).map(userFrom),
    );
  }

  user(id: string, options: { signal?: AbortSignal; fresh?: boolean } = {}): Promise<EntraUser | undefined> {
    if (!GUID.test(id)) return Promise.resolve(undefined);
    const signal = options.signal;
    return this.read(
      `user:${id.toLowerCase()}`,
      async () => {
        try {
          return userFrom(await this.graph.get(`/users/${id}?$select=${USER_FIELDS}`, signal ? { signal } : {}));
        } catch (error) {
          if (notFound(error)) return undefined;
          throw error;
        }
      },
      options.fresh === true,
    );
  }

  manager(userId: string, signal?: AbortSignal): Promise<EntraUser | undefined> {
    if (!GUID.test(userId)) return Promise.resolve(undefined);
    return this.read(`manager:${userId.toLowerCase()}`, async () => {
      try {
        const manager = await this.graph.get(
          `/users/${userId}/manager?$select=${USER_FIELDS}`,
          signal ? { signal } : {},
        );
        return isUser(manager) ? userFrom(manager) : undefined;
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    });
  }

  groupIdsOf(objectId: string, signal?: AbortSignal): Promise<string[] | undefined> {
    if (!GUID.test(objectId)) return Promise.resolve(undefined);
    return this.read(`groups:${objectId.toLowerCase()}`, async () => {
      try {
        const groups = await this.graph.getAll(
          `/users/${objectId}/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true&$top=999`,
          {
            advanced: true,
            ...(signal ? { signal } : {}),
          },
        );
        return groups.map((g) => String(g.id).toLowerCase());
      } catch (error) {
        // Not a user (a service principal pinned in `identities`): membership stays unknown.
        if (notFound(error)) return undefined;
        throw error;
      }
    });
  }

  usersInGroup(groupId: string, signal?: AbortSignal): Promise<EntraUser[]> {
    if (!GUID.test(groupId))
      return Promise.reject(new AjarError("CONFIG.INVALID", `'${groupId}' is not an Entra group object id.`));
    return this.read(`members:${groupId.toLowerCase()}`, async () => {
      try {
        const members = await this.graph.getAll(
          `/groups/${groupId}/transitiveMembers/microsoft.graph.user?$select=${USER_FIELDS}&$count=true&$top=999`,
          {
            advanced: true,
            ...(signal ? { signal } : {}),
          },
        );
        return members.filter(isUser).map(userFrom);
      } catch (error) {
        if (notFound(error)) {
          throw new AjarError(
            "POLICY.VIOLATION",
            `The approver group ${groupId} does not exist in Entra ID. Ask an ajar administrator to fix the policy's entraGroups.`,
          );
        }
        throw error;
      }
    });
  }
}
