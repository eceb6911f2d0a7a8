import type { RuleProperties } from "../state/model.js";
import type { OperationStatus } from "./operations.js";

export type WriteOutcome =
  | "accepted"
  | "applied"
  | "rejected"
  | "throttled"
  | "busy"
  | "not-found"
  | "unauthorized"
  | "fault"
  | "precondition-failed";

/** One write as the simulator saw it: what tests assert on ("exactly one PUT reached ARM"). */
export interface WriteLogEntry {
  seq: number;
  at: string;
  atMs: number;
  /** `arm` for API calls, `admin` for changes made through the control API ("by hand in the portal"). */
  source: "arm" | "admin";
  method: string;
  path: string;
  nsgId?: string;
  ruleName?: string;
  rule?: RuleProperties;
  /** Whole-NSG PUTs: how many custom rules the body carried. */
  ruleCount?: number;
  status: number | "dropped" | "hang";
  outcome: WriteOutcome;
  errorCode?: string;
  operationId?: string;
  /** Updated in place when the long-running operation settles. */
  operationStatus?: OperationStatus;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number | "dropped" | "hang";
  errorCode?: string;
}

export function outcomeOf(status: number | "dropped" | "hang", errorCode: string | undefined): WriteOutcome {
  if (typeof status !== "number" || status >= 500) return "fault";
  if (status < 300) return "accepted";
  if (status === 401) return "unauthorized";
  if (status === 404) return "not-found";
  if (status === 412) return "precondition-failed";
  if (errorCode === "SubscriptionRequestsThrottled") return "throttled";
  if (errorCode === "RetryableError" || errorCode === "AnotherOperationInProgress") return "busy";
  return status === 429 ? "throttled" : "rejected";
}

/** Parses the NSG id (and rule name, for a securityRules path) out of a write's path, for log entries. */
export function ruleTargetOf(path: string): { nsgId?: string; ruleName?: string } {
  const match =
    /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkSecurityGroups\/[^/]+)(?:\/securityRules\/([^/?]+))?\/?$/i.exec(
      path,
    );
  if (!match) return {};
  return match[2] === undefined
    ? { nsgId: match[1] as string }
    : { nsgId: match[1] as string, ruleName: decodeURIComponent(match[2]) };
}
