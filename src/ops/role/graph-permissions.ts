/** Microsoft Graph's application id, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Graph application permissions (app roles) ajar's identity needs when it reads Entra ID, and why. */
export const GRAPH_PERMISSIONS = [
  {
    name: "User.Read.All",
    appRoleId: "df021288-bdef-4463-88db-98f22de89214",
    why: "find a user by email, read accountEnabled, userType and manager",
  },
  {
    name: "GroupMember.Read.All",
    appRoleId: "98830695-27a2-44f7-8c18-0c3ebc9698f6",
    why: "read a requester's transitive groups and the members of approver groups",
  },
] as const;

/** What `ajar role` prints beside the ARM role: the permissions and the commands that grant them. */
export function graphPermissionsText(): string {
  const roles = GRAPH_PERMISSIONS.map((p) => `${p.appRoleId}=Role`).join(" ");
  return [
    "Microsoft Graph application permissions (needed when identities.source is entra, a policy uses approval.entraGroups, or the config has an entra section):",
    ...GRAPH_PERMISSIONS.map((p) => `  ${p.name} (app role ${p.appRoleId}): ${p.why}`),
    "Grant them to an app registration:",
    `  az ad app permission add --id <app-id> --api ${MICROSOFT_GRAPH_APP_ID} --api-permissions ${roles}`,
    "  az ad app permission admin-consent --id <app-id>",
    "or to a managed identity (once per app role id above):",
    `  az rest --method POST --uri https://graph.microsoft.com/v1.0/servicePrincipals/<identity-object-id>/appRoleAssignments \\`,
    `    --body '{"principalId":"<identity-object-id>","resourceId":"<object id of: az ad sp show --id ${MICROSOFT_GRAPH_APP_ID}>","appRoleId":"<app role id>"}'`,
  ].join("\n");
}
