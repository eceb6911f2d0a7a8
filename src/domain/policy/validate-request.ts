import { AjarError } from "../errors.js";
import { isAnySourceToken, parseIpPrefix, prefixContains } from "../net/ip-prefix.js";
import { formatDuration } from "../time/format-duration.js";
import type { Policy, PolicyPort } from "./policy.js";

export interface RequestedAccess {
  port: number;
  durationSeconds?: number;
  source: string;
  justification?: string;
}

export interface ValidatedAccess {
  port: PolicyPort;
  durationSeconds: number;
  /** Canonical CIDR, or "*" only when the policy allows any source. */
  source: string;
}

/** Applies one policy's limits to a request; every refusal says what the limit is. */
export function validateRequest(policy: Policy, request: RequestedAccess): ValidatedAccess {
  const port = policy.ports.find((p) => p.port === request.port);
  if (!port) {
    const offered = policy.ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(", ");
    throw new AjarError(
      "POLICY.VIOLATION",
      `Port ${request.port} cannot be requested on this VM. Ports you can request: ${offered}.`,
    );
  }
  return {
    port,
    durationSeconds: validateDuration(policy, port, request.durationSeconds),
    source: validateSource(policy, request.source),
  };
}

function validateDuration(policy: Policy, port: PolicyPort, requested: number | undefined): number {
  const max = Math.min(policy.maxDurationSeconds, port.maxDurationSeconds ?? Infinity);
  const duration = requested ?? Math.min(policy.defaultDurationSeconds, max);
  if (duration > max) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `${formatDuration(duration)} is longer than this VM allows: ask for ${formatDuration(max)} or less.`,
    );
  }
  if (duration < policy.minDurationSeconds) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `${formatDuration(duration)} is shorter than this VM allows: ask for at least ${formatDuration(policy.minDurationSeconds)}.`,
    );
  }
  return duration;
}

function validateSource(policy: Policy, source: string): string {
  if (isAnySourceToken(source)) {
    if (policy.allowAnySource) return "*";
    throw new AjarError(
      "POLICY.VIOLATION",
      `Opening a port to any source (${source}) is not allowed. Use \`from <your public IP>\`, e.g. from 203.0.113.7.`,
    );
  }
  const prefix = parseIpPrefix(source);
  if (policy.allowAnySource) return prefix.canonical;
  const inside = policy.allowedSources.some((allowed) => prefixContains(parseIpPrefix(allowed), prefix));
  if (!inside) {
    const list = policy.allowedSources.length > 0 ? policy.allowedSources.join(", ") : "none configured";
    throw new AjarError(
      "POLICY.VIOLATION",
      `${source} is outside the sources this VM accepts (${list}). Connect from an allowed network and ask again.`,
    );
  }
  return prefix.canonical;
}

/** Justification rules are checked before anyone is bothered with an approval request. */
export function validateJustification(policy: Policy, justification: string | undefined): void {
  const rule = policy.justification;
  if (rule.required && !justification?.trim()) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `This VM needs a reason: add \`because <why>\` to your request${rule.hint ? ` (${rule.hint})` : ""}.`,
    );
  }
  if (rule.pattern && justification !== undefined && !new RegExp(rule.pattern).test(justification)) {
    throw new AjarError(
      "POLICY.VIOLATION",
      `Your reason does not match what this VM requires${rule.hint ? `: ${rule.hint}` : ` (pattern ${rule.pattern})`}.`,
    );
  }
}
