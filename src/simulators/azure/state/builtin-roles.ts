import type { RoleDefinitionRecord } from "./model.js";

/**
 * A few of Azure's built-in roles with their real GUIDs and permission blocks (trimmed to what matters
 * here), so seeds and tests can refer to them by name as people do in the portal.
 */
const builtIn = (
  guid: string,
  roleName: string,
  description: string,
  actions: string[],
  extra: Partial<{ notActions: string[]; dataActions: string[]; notDataActions: string[] }> = {},
): RoleDefinitionRecord => ({
  guid,
  roleName,
  description,
  roleType: "BuiltInRole",
  assignableScopes: ["/"],
  permissions: [
    {
      actions,
      notActions: extra.notActions ?? [],
      dataActions: extra.dataActions ?? [],
      notDataActions: extra.notDataActions ?? [],
    },
  ],
});

export const BUILT_IN_ROLES: readonly RoleDefinitionRecord[] = [
  builtIn(
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Owner",
    "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    ["*"],
  ),
  builtIn(
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Contributor",
    "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.",
    ["*"],
    {
      notActions: [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
        "Microsoft.Purview/consents/write",
        "Microsoft.Purview/consents/delete",
        "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
        "Microsoft.Subscription/cancel/action",
        "Microsoft.Subscription/enable/action",
      ],
    },
  ),
  builtIn(
    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Reader",
    "View all resources, but does not allow you to make any changes.",
    ["*/read"],
  ),
  builtIn(
    "4d97b98b-1d4f-4787-a291-c67834d212e7",
    "Network Contributor",
    "Lets you manage networks, but not access to them.",
    [
      "Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Network/*",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ],
  ),
  builtIn(
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "User Access Administrator",
    "Lets you manage user access to Azure resources.",
    ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
  ),
  builtIn(
    "1c0163c0-47e6-4577-8991-ea5c82e286e4",
    "Virtual Machine Administrator Login",
    "View Virtual Machines in the portal and login as administrator",
    [
      "Microsoft.Network/publicIPAddresses/read",
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/loadBalancers/read",
      "Microsoft.Network/networkInterfaces/read",
      "Microsoft.Compute/virtualMachines/*/read",
    ],
    {
      dataActions: [
        "Microsoft.Compute/virtualMachines/login/action",
        "Microsoft.Compute/virtualMachines/loginAsAdmin/action",
      ],
    },
  ),
];
