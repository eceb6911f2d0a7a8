import { tryParseScope, type ScopeKind } from "../azure-id/scope.js";
import type { DenyAssignmentRef, PermissionDecision } from "./permission-decision.js";

/**
 * One paragraph for the requester: what is missing, where, and who can fix it. Deny assignments
 * are named because no role assignment can override them, so "ask for a role" would mislead.
 */
export function describeDecision(decision: PermissionDecision): string {
  if (decision.allowed) return `Your Azure identity holds every permission needed at ${decision.scope}.`;
  const sentences: string[] = [];

  for (const [deny, actions] of groupByDeny(decision.missing.filter((m) => m.reason === "denied"))) {
    sentences.push(
      `Deny assignment ${denyLabel(deny)} at ${deny.scope} blocks ${list(actions)} for your Azure identity. ` +
        "A role assignment cannot override a deny assignment: ask whoever manages it (often a deployment stack, " +
        "blueprint or managed application) to exclude you.",
    );
  }

  // Actions are checked at different scopes (initiate at the resource group, reads at the VM):
  // each sentence names the scope the action was needed at, since that is where a role must go.
  for (const [scope, notGranted] of byScope(decision.missing.filter((m) => m.reason === "not-granted"))) {
    sentences.push(
      `Your Azure identity lacks ${list(notGranted)} at ${scopeLabel(scope)}. ` +
        `Ask an owner of that scope (or a scope above it) to assign you a role that grants ${notGranted.length === 1 ? "it" : "them"}.`,
    );
  }

  const unreadable = decision.undetermined.flatMap((u) => (u.reason === "role-definition-unavailable" ? [u] : []));
  const first = unreadable[0];
  if (first !== undefined) {
    sentences.push(
      `ajar could not read role definition ${list([...new Set(unreadable.flatMap((u) => u.roleDefinitionIds))])}, so it cannot tell whether you hold ` +
        `${list(unreadable.map((u) => u.action))} at ${scopeLabel(first.scope)}. Try again in a few minutes; if this persists, ` +
        "ask an Azure administrator to check that role definition.",
    );
  }

  const unknownDenies = decision.undetermined.flatMap((u) => (u.reason === "deny-membership-unknown" ? [u] : []));
  for (const [deny, actions] of groupByDeny(unknownDenies)) {
    sentences.push(
      `Deny assignment ${denyLabel(deny)} at ${deny.scope} may block ${list(actions)} for you: whether it applies ` +
        "depends on group memberships ajar cannot see. Ask whoever manages it to confirm you are excluded.",
    );
  }

  if (decision.ignoredConditional.length > 0) {
    const n = decision.ignoredConditional.length;
    sentences.push(
      `${n} of your role assignments ${n === 1 ? "has a condition and was" : "have conditions and were"} not counted, ` +
        "because ajar cannot evaluate conditions; an unconditional assignment is needed.",
    );
  }
  return sentences.join(" ");
}

function groupByDeny(
  items: { action: string; denyAssignment?: DenyAssignmentRef }[],
): Map<DenyAssignmentRef, string[]> {
  const byId = new Map<string, { deny: DenyAssignmentRef; actions: string[] }>();
  for (const item of items) {
    if (item.denyAssignment === undefined) continue;
    const entry = byId.get(item.denyAssignment.id) ?? { deny: item.denyAssignment, actions: [] };
    entry.actions.push(item.action);
    byId.set(item.denyAssignment.id, entry);
  }
  return new Map([...byId.values()].map((e) => [e.deny, e.actions]));
}

function denyLabel(deny: DenyAssignmentRef): string {
  return deny.name ? `"${deny.name}" (${deny.id})` : deny.id;
}

function byScope(items: { action: string; scope: string }[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const item of items) grouped.set(item.scope, [...(grouped.get(item.scope) ?? []), item.action]);
  return grouped;
}

const KIND_LABEL: Partial<Record<ScopeKind, string>> = {
  managementGroup: "management group",
  subscription: "subscription",
  resourceGroup: "resource group",
};

/** "resource group /subscriptions/…/resourceGroups/rg-prod": the kind first, so the scope reads at a glance. */
function scopeLabel(scope: string): string {
  const kind = tryParseScope(scope)?.kind;
  const label = kind === undefined ? undefined : KIND_LABEL[kind];
  return label === undefined ? scope : `${label} ${scope}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
