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

export function customRole(kind: RoleKind, assignableScopes: string[]): CustomRoleDefinition {
  const bot = kind === "bot";
  return {
    Name: bot ? "ajar bot" : "ajar JIT requester",
    IsCustom: true,
    Description: bot
      ? "Least privilege for ajar's own identity: read VMs, NICs, subnets and NSGs, write and delete NSG security rules, read role and deny assignments."
      : "Request just-in-time access to VM management ports (the actions Defender for Cloud JIT requires of a requester; ajar checks the same).",
    Actions: [...(bot ? BOT_ACTIONS : REQUESTER_ACTIONS)],
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: assignableScopes,
  };
}
