import { describe, expect, it } from "vitest";

import { policiesFor } from "../../../src/domain/policy/match-policy.js";
import type { Policy } from "../../../src/domain/policy/policy.js";
import type { VmSummary } from "../../../src/domain/ports/network-access.port.js";

const vm: VmSummary = {
  id: "/subscriptions/s/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-prod-1",
  name: "vm-prod-1",
  subscriptionId: "s",
  resourceGroup: "rg-prod",
  location: "westeurope",
  tags: { team: "web" },
};

const policy = (name: string, over: Partial<Policy> = {}): Policy => ({
  name,
  vms: [{ resourceGroup: "rg-prod" }],
  ports: [{ port: 22, protocol: "Tcp" }],
  minDurationSeconds: 60,
  defaultDurationSeconds: 1800,
  maxDurationSeconds: 3 * 3600,
  allowedSources: [],
  allowAnySource: false,
  justification: { required: false },
  approval: {
    mode: "approvers",
    users: ["U1"],
    usergroups: [],
    entraGroups: [],
    minApprovals: 1,
    allowSelfApproval: false,
  },
  requiredActions: [],
  ...over,
});

const names = (policies: Policy[], port?: number) => policiesFor(policies, vm, port).map((p) => p.name);

describe("policiesFor: the strictest covering policy comes first", () => {
  it("prefers more approvals over configuration order, so a tag cannot move a VM under a laxer policy", () => {
    const lax = policy("lax-by-tag", { vms: [{ tags: { team: "web" } }], approval: { mode: "none" } });
    const strict = policy("prod", {
      approval: {
        mode: "approvers",
        users: ["U1", "U2"],
        usergroups: [],
        entraGroups: [],
        minApprovals: 2,
        allowSelfApproval: false,
      },
    });
    expect(names([lax, strict], 22)).toEqual(["prod", "lax-by-tag"]);
    expect(names([strict, lax], 22)).toEqual(["prod", "lax-by-tag"]);
  });

  it("counts a manager approval as one", () => {
    const manager = policy("manager", { approval: { mode: "manager", allowSelfApproval: false } });
    expect(names([policy("none", { approval: { mode: "none" } }), manager], 22)).toEqual(["manager", "none"]);
  });

  it("breaks an approval tie with the shorter maximum for the port, then configuration order", () => {
    const long = policy("long");
    const shortPort = policy("short-port", { ports: [{ port: 22, protocol: "Tcp", maxDurationSeconds: 600 }] });
    expect(names([long, shortPort], 22)).toEqual(["short-port", "long"]);
    expect(names([policy("a"), policy("b")], 22)).toEqual(["a", "b"]);
  });

  it("still leaves out policies that do not offer the port", () => {
    expect(
      names(
        [policy("rdp", { ports: [{ port: 3389, protocol: "Tcp" }], approval: { mode: "none" } }), policy("ssh")],
        22,
      ),
    ).toEqual(["ssh"]);
  });
});
