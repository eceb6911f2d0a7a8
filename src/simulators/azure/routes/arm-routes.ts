import { firewallRoutes } from "../firewall/firewall-routes.js";
import type { Route } from "../http/context.js";
import { computeRoutes } from "./compute-routes.js";
import { denyAssignmentRoutes } from "./deny-assignment-routes.js";
import { networkInterfaceRoutes } from "./network-interface-routes.js";
import { nsgRoutes } from "./nsg-routes.js";
import { operationRoutes } from "./operation-routes.js";
import { permissionsRoutes } from "./permissions-routes.js";
import { roleAssignmentRoutes } from "./role-assignment-routes.js";
import { roleDefinitionRoutes } from "./role-definition-routes.js";
import { securityRuleRoutes } from "./security-rule-routes.js";
import { virtualNetworkRoutes } from "./virtual-network-routes.js";

/** Fixed-path routes first: `{*scope}` routes would otherwise swallow anything ending in their suffix. */
export const armRoutes: Route[] = [
  ...computeRoutes,
  ...networkInterfaceRoutes,
  ...virtualNetworkRoutes,
  ...nsgRoutes,
  ...securityRuleRoutes,
  ...firewallRoutes,
  ...operationRoutes,
  ...roleAssignmentRoutes,
  ...roleDefinitionRoutes,
  ...denyAssignmentRoutes,
  ...permissionsRoutes,
];
