import { AjarError } from "../../domain/errors.js";
import type {
  DenyAssignmentInfo,
  PermissionSource,
  RoleAssignmentInfo,
  RoleDefinitionInfo,
} from "../../domain/ports/permission-source.port.js";
import type { ArmClients } from "./arm-clients.js";
import { toDenyAssignmentInfo, toRoleAssignmentInfo, toRoleDefinitionInfo } from "./authorization-mapping.js";
import { translateArmError } from "./translate-arm-error.js";

export interface AzurePermissionSourceOptions {
  clients: (subscriptionId: string) => ArmClients;
  /**
   * Whose clients serve scopes outside any subscription ("/", management groups). The SDK binds a
   * client to a subscription but these calls never use it, so any GUID works; default all zeros.
   */
  defaultSubscriptionId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Scopes go into the URL path unencoded (the SDK skips encoding for them): allow only id characters. */
const SCOPE = /^\/(?:[A-Za-z0-9._()-]+(?:\/[A-Za-z0-9._()-]+)*)?$/;
/** Tenant-wide, subscription, resource group or management group (custom roles defined there) role definition ids. */
const ROLE_DEFINITION_ID =
  /^(?:\/subscriptions\/[0-9a-f-]{36}(?:\/resourceGroups\/[A-Za-z0-9._()-]+)?|\/providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]{1,90})?\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i;

/** PermissionSource over Microsoft.Authorization; see platform-facts.md on how RBAC answers are shaped. */
export class AzurePermissionSource implements PermissionSource {
  constructor(private readonly options: AzurePermissionSourceOptions) {}

  async listRoleAssignments(scope: string, principalId: string, signal?: AbortSignal): Promise<RoleAssignmentInfo[]> {
    checkScope(scope);
    // The id ends up inside an OData filter string: a GUID is the only thing allowed there.
    if (!GUID.test(principalId))
      throw new AjarError("INPUT.INVALID", `'${principalId}' is not an Azure AD object id (a GUID).`);
    const result: RoleAssignmentInfo[] = [];
    try {
      const pages = this.clientsFor(scope).authorization.roleAssignments.listForScope(scope, {
        filter: `atScope() and assignedTo('${principalId}')`,
        abortSignal: signal,
      });
      for await (const assignment of pages) result.push(toRoleAssignmentInfo(assignment));
      return result;
    } catch (error) {
      throw translateArmError(error, `reading role assignments at ${scope}`);
    }
  }

  async getRoleDefinition(roleDefinitionId: string, signal?: AbortSignal): Promise<RoleDefinitionInfo> {
    if (!ROLE_DEFINITION_ID.test(roleDefinitionId))
      throw new AjarError("INPUT.INVALID", `'${roleDefinitionId}' is not a role definition id.`);
    try {
      const definition = await this.clientsFor(roleDefinitionId).authorization.roleDefinitions.getById(
        roleDefinitionId,
        { abortSignal: signal },
      );
      return toRoleDefinitionInfo(definition);
    } catch (error) {
      throw translateArmError(error, `reading role definition ${roleDefinitionId}`);
    }
  }

  async listDenyAssignments(scope: string, signal?: AbortSignal): Promise<DenyAssignmentInfo[]> {
    checkScope(scope);
    const result: DenyAssignmentInfo[] = [];
    try {
      const pages = this.clientsFor(scope).authorization.denyAssignments.listForScope(scope, {
        filter: "atScope()",
        abortSignal: signal,
      });
      for await (const deny of pages) result.push(toDenyAssignmentInfo(deny));
      return result;
    } catch (error) {
      throw translateArmError(error, `reading deny assignments at ${scope}`);
    }
  }

  private clientsFor(scopeOrId: string): ArmClients {
    const sub = /^\/subscriptions\/([0-9a-f-]{36})(?:\/|$)/i.exec(scopeOrId)?.[1];
    return this.options.clients(sub ?? this.options.defaultSubscriptionId ?? "00000000-0000-0000-0000-000000000000");
  }
}

function checkScope(scope: string): void {
  if (!SCOPE.test(scope)) throw new AjarError("INPUT.INVALID", `'${scope}' is not an Azure scope.`);
}
