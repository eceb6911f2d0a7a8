import { BOT_ACTIONS, REQUESTER_ACTIONS } from "./role-actions.js";

/** The JSON `az role definition create --role-definition @file` takes (Azure CLI's field names). */
export interface CustomRoleDefinition {
  Name: string;
  IsCustom: true;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

export type RoleKind = "bot" | "requester";

/** `extraActions`: the firewall actions when the configuration names firewalls (bot only). */
export function customRole(
  kind: RoleKind,
  assignableScopes: string[],
  extraActions: readonly string[] = [],
): CustomRoleDefinition {
  const bot = kind === "bot";
  const extra = bot ? extraActions : [];
  return {
    Name: bot ? "ajar bot" : "ajar JIT requester",
    IsCustom: true,
    Description: bot
      ? "Least privilege for ajar's own identity: read VMs, NICs, subnets and NSGs, write and delete NSG security rules, read role and deny assignments." +
        (extra.length > 0 ? " Write ajar's DNAT rules on the configured Azure Firewalls." : "")
      : "Request just-in-time access to VM management ports (the actions Defender for Cloud JIT requires of a requester; ajar checks the same).",
    Actions: [...new Set([...(bot ? BOT_ACTIONS : REQUESTER_ACTIONS), ...extra])],
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: assignableScopes,
  };
}
