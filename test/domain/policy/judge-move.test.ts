import { describe, expect, it } from "vitest";

import { assertMovable, judgeMove } from "../../../src/domain/policy/judge-move.js";
import type { Policy } from "../../../src/domain/policy/policy.js";

const policy = (overrides: Partial<Policy> = {}): Policy => ({
  name: "p",
  vms: [{ namePattern: "*" }],
  ports: [{ port: 22, protocol: "Tcp" }],
  minDurationSeconds: 60,
  defaultDurationSeconds: 1800,
  maxDurationSeconds: 3600,
  allowedSources: ["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"],
  allowAnySource: false,
  justification: { required: false },
  approval: {
    mode: "approvers",
    users: ["U0BOB0001"],
    usergroups: [],
    entraGroups: [],
    minApprovals: 1,
    allowSelfApproval: false,
  },
  requiredActions: [],
  ...overrides,
});

describe("judgeMove", () => {
  it("needs nobody inside the allowed range the current address is in", () => {
    expect(judgeMove(policy(), 22, "203.0.113.7/32", "203.0.113.99")).toEqual({
      kind: "same-range",
      source: "203.0.113.99/32",
      range: "203.0.113.0/24",
    });
    expect(judgeMove(policy(), 22, "2001:db8::1/128", "2001:db8:1::5")).toMatchObject({
      kind: "same-range",
      range: "2001:db8::/32",
    });
  });

  it("asks again in another allowed range", () => {
    expect(judgeMove(policy(), 22, "203.0.113.7/32", "198.51.100.5")).toMatchObject({
      kind: "needs-approval",
      source: "198.51.100.5/32",
    });
  });

  it("refuses what the policy refuses for any request", () => {
    expect(() => judgeMove(policy(), 22, "203.0.113.7/32", "192.0.2.1")).toThrow(/outside the sources/);
    expect(() => judgeMove(policy(), 22, "203.0.113.7/32", "*")).toThrow(/any source/);
  });

  it("needs nobody where the policy needs no approval", () => {
    expect(judgeMove(policy({ approval: { mode: "none" } }), 22, "203.0.113.7/32", "198.51.100.5")).toMatchObject({
      kind: "same-range",
    });
  });

  it("moves only the requester's own open grant", () => {
    const grant = { id: "g-aaaaaaaaaa", status: "active", requester: { slackUserId: "U0ALICE01" } };
    expect(() => assertMovable(grant, "U0ALICE01")).not.toThrow();
    expect(() => assertMovable(grant, "U0BOB0001")).toThrow(/Only the requester/);
    expect(() => assertMovable({ ...grant, status: "pending" }, "U0ALICE01")).toThrow(/only an open grant/);
  });
});
