import { AjarError } from "../errors.js";
import { isAnySourceToken, parseIpPrefix, prefixContains } from "../net/ip-prefix.js";
import type { Policy } from "./policy.js";
import { validateRequest } from "./validate-request.js";

export type MoveJudgement =
  /** Inside the allowed range the approvers saw the grant's address in: no new approval needed. */
  | { kind: "same-range"; source: string; range: string }
  /** Allowed by the policy, but somewhere the approvers did not see: they decide again. */
  | { kind: "needs-approval"; source: string; why: string };

/**
 * Whether a grant may be re-pointed to `newSource` without asking anyone. The approvers saw the
 * grant's address and the policy's allowed range it sits in; a new address inside that same range is
 * what they agreed to in substance (a laptop that changed networks inside the office block). Anything
 * else is a new decision. A source the policy refuses outright throws, as for any request.
 */
export function judgeMove(policy: Policy, port: number, currentSource: string, newSource: string): MoveJudgement {
  const { source } = validateRequest(policy, { port, source: newSource, durationSeconds: policy.minDurationSeconds });
  const needsNobody = policy.approval.mode === "none";
  if (isAnySourceToken(source) || isAnySourceToken(currentSource)) {
    if (needsNobody) return { kind: "same-range", source, range: "*" };
    return { kind: "needs-approval", source, why: "the approvers saw one address, not any source" };
  }
  const current = parseIpPrefix(currentSource);
  const next = parseIpPrefix(source);
  const range = policy.allowedSources
    .map((r) => parseIpPrefix(r))
    .find((r) => prefixContains(r, current) && prefixContains(r, next));
  if (range) return { kind: "same-range", source, range: range.canonical };
  if (needsNobody) return { kind: "same-range", source, range: source };
  return {
    kind: "needs-approval",
    source,
    why: `${source} is outside the allowed range the approvers saw ${currentSource} in`,
  };
}

/** Move is for the grant's own requester, while it is open; anything else is refused with the reason. */
export function assertMovable<G extends { id: string; status: string; requester: { slackUserId: string } }>(
  grant: G,
  user: string,
): asserts grant is G & { status: "active" } {
  if (grant.requester.slackUserId !== user) {
    throw new AjarError("APPROVAL.NOT_ELIGIBLE", `Only the requester of ${grant.id} can move it to another address.`);
  }
  if (grant.status !== "active") {
    throw new AjarError(
      "GRANT.STALE",
      `${grant.id} is ${grant.status}; only an open grant can be moved. Ask again with /jit instead.`,
    );
  }
}
