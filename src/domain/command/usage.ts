import { AjarError } from "../errors.js";

export const REQUEST_USAGE =
  "Usage: /jit <port> <vm> [duration] [at <time>|in <delay>] [from <ip|cidr|me>] [because <reason>] — e.g. /jit ssh vm-prod-1 30m from 203.0.113.7 because deploy hotfix";
export const REVOKE_USAGE =
  "Usage: /jit revoke <grant-id> — e.g. /jit revoke g-7kq2m4xzab. /jit list shows your grant ids.";
export const CANCEL_USAGE =
  "Usage: /jit cancel <grant-id> — withdraws a request still waiting for approval, e.g. /jit cancel g-7kq2m4xzab.";
export const MOVE_USAGE =
  "Usage: /jit move <grant-id> from <ip|me> — e.g. /jit move g-7kq2m4xzab from me, after your address changed.";
export const EXTEND_USAGE = "Usage: /jit extend <grant-id> <duration> — e.g. /jit extend g-7kq2m4xzab 30m.";

/** Every command error states the problem, then the form that would have worked. */
export function usageError(problem: string, usage: string): AjarError {
  return new AjarError("INPUT.INVALID", `${problem}\n${usage}`);
}
