import { subjectOf } from "../../../domain/grant/grant-subject.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { escapeText } from "./format.js";

/** "opened, but blocked by …" for a grant Azure says is still blocked; undefined otherwise. */
export function blockedText(grant: Grant): string | undefined {
  const blocked = grant.pathCheck?.blockedBy;
  if (!blocked) return undefined;
  return `opened, but blocked by \`${escapeText(blocked.rule)}\` at priority ${blocked.priority} in \`${escapeText(blocked.nsg)}\``;
}

/**
 * The label of an active grant: a plain "Open" only when Azure's effective rules confirm it (or no
 * check has been made yet); a block is named, and an unknown outcome says so.
 */
export function activeLabel(grant: Grant, plain: string): string {
  const blocked = blockedText(grant);
  if (blocked) return `:warning: ${blocked.charAt(0).toUpperCase()}${blocked.slice(1)}; open`;
  if (grant.pathCheck?.unknown) return `${plain} (path not confirmed: ${escapeText(grant.pathCheck.unknown)})`;
  if (grant.pathCheck?.open) return `${plain}, path confirmed`;
  return plain;
}

export function pathBlockedNotice(g: Grant): string {
  const { portLabel, vmName } = subjectOf(g);
  return `${portLabel} on \`${escapeText(vmName)}\` was ${blockedText(g) ?? "opened"}: your connection will not get through until an administrator changes that rule. The grant stays open until it ends.`;
}
