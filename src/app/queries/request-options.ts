import { createHash } from "node:crypto";
import { DEFAULT_PORT_NAMES } from "../../domain/command/index.js";
import { isAjarError, errorMessage } from "../../domain/errors.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import { offeredPorts } from "../../domain/policy/offered-ports.js";
import type { Policy } from "../../domain/policy/policy.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import { formatDuration } from "../../domain/time/format-duration.js";
import type { Deps } from "../deps.js";
import { resolveIdentity } from "../shared/resolve-identity.js";

/** Slack's caps on one select: 100 options, 150-character values. */
export const MAX_OPTIONS = 100;
const MAX_VALUE_LENGTH = 150;

export interface PortChoice {
  port: number;
  /** What the request records as the port's name: the policy's name, a well-known name, or the number. */
  name: string;
  /** "ssh (22)", or "8080" for a port nobody named. */
  label: string;
}

/** Every port some policy offers, named as the policies (or Defender's defaults) name them. */
export function portChoices(policies: Policy[]): PortChoice[] {
  const wellKnown = new Map(Object.entries(DEFAULT_PORT_NAMES).map(([name, port]) => [port, name] as const));
  return offeredPorts(policies).map((offered) => {
    const name = offered.name ?? wellKnown.get(offered.port);
    return { port: offered.port, name: name ?? String(offered.port), label: name ? `${name} (${offered.port})` : String(offered.port) };
  });
}

/**
 * VMs some policy covers whose name contains `query` (or, when it has a "/", whose
 * `resource-group/name` does: two groups may hold VMs of the same name), sorted, at most `limit`.
 */
export function requestableVms(vms: VmSummary[], policies: Policy[], query: string, limit = MAX_OPTIONS): VmSummary[] {
  const needle = query.trim().toLowerCase();
  const haystack = (vm: VmSummary): string => (needle.includes("/") ? `${vm.resourceGroup}/${vm.name}` : vm.name).toLowerCase();
  return vms
    .filter((vm) => policiesFor(policies, vm).length > 0)
    .filter((vm) => haystack(vm).includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name) || a.resourceGroup.localeCompare(b.resourceGroup))
    .slice(0, limit);
}

/**
 * The picker value for a VM: its resource id, which is what the request records. Ids longer than
 * Slack's 150-character cap (long group and VM names) travel as a digest resolved on submission.
 */
export function vmOptionValue(vm: VmSummary): string {
  if (vm.id.length <= MAX_VALUE_LENGTH) return vm.id;
  return `sha256:${createHash("sha256").update(vm.id.toLowerCase()).digest("hex")}`;
}

export function vmByOptionValue(vms: VmSummary[], value: string): VmSummary | undefined {
  const wanted = value.toLowerCase();
  return vms.find((vm) => vm.id.toLowerCase() === wanted || vmOptionValue(vm) === value);
}

/** One line per policy, so the form says the limits before anyone submits. */
export function durationHint(policies: Policy[]): string {
  const limits = policies.map((p) => `${p.name}: ${formatDuration(p.minDurationSeconds)} to ${formatDuration(p.maxDurationSeconds)}, default ${formatDuration(p.defaultDurationSeconds)}`);
  return `Like 30m, 2h or 1h30m; empty means the policy's default.${limits.length ? ` ${limits.join("; ")}.` : ""}`;
}

/** Hints from policies that require a reason, so nobody learns it from a refusal. */
export function justificationHint(policies: Policy[]): string | undefined {
  const hints = policies.filter((p) => p.justification.required || p.justification.pattern).map((p) => `${p.name}: ${p.justification.hint ?? (p.justification.required ? "required" : `must match ${p.justification.pattern}`)}`);
  return hints.length ? `Required by some policies (${hints.join("; ")}).` : undefined;
}

export type RequestFormDefaults = { kind: "ready"; defaultSource?: string } | { kind: "unmapped"; problem: string };

/**
 * What the form starts with. An unmapped user is told at once instead of after filling it in; when
 * the directory cannot be asked, the form opens without a default (the submission checks again).
 */
export async function requestFormDefaults(deps: Pick<Deps, "settings" | "directory" | "entra" | "logger">, slackUserId: string): Promise<RequestFormDefaults> {
  try {
    const identity = await resolveIdentity(deps, slackUserId);
    return { kind: "ready", ...(identity.defaultSource ? { defaultSource: identity.defaultSource } : {}) };
  } catch (error) {
    if (isAjarError(error) && (error.code === "IDENTITY.UNMAPPED" || error.code === "IDENTITY.REFUSED")) return { kind: "unmapped", problem: error.userMessage };
    deps.logger.warn({ slackUser: slackUserId, err: errorMessage(error) }, "could not look up the requester's default source");
    return { kind: "ready" };
  }
}
