import { describe, expect, it } from "vitest";

import { requestGrant } from "../../../src/app/commands/request-grant.js";
import { authorizeGrant } from "../../../src/app/jobs/authorize-grant.js";
import { ALICE, VM_AUTO } from "../../support/in-memory/estate.js";
import { makeDeps } from "../../support/in-memory/make-deps.js";

const ask = { slackUserId: ALICE.slackUserId, port: 22, portLabel: "ssh" };

describe("requestGrant", () => {
  it("records what was asked and nothing authorize has not found yet: no policy, target or window", async () => {
    const h = makeDeps();
    const grant = await requestGrant(h.deps, { ...ask, vm: { name: "VM-AUTO-1" } });
    const stored = h.store.current(grant.id);
    expect(stored).toMatchObject({ status: "requested", request: { vmName: "VM-AUTO-1", port: 22, portLabel: "ssh" } });
    expect(stored).not.toHaveProperty("request.durationSeconds");
    for (const resolved of ["policyName", "target", "durationSeconds"]) expect(stored).not.toHaveProperty(resolved);
    expect(h.audit.entries[0]).toMatchObject({ event: "requested", vm: "VM-AUTO-1", port: 22 });
    expect(h.audit.entries[0]).not.toHaveProperty("durationSeconds");
  });

  it("keeps a VM asked for by id as that id, named by its last segment", async () => {
    const h = makeDeps();
    const grant = await requestGrant(h.deps, { ...ask, vm: { resourceId: VM_AUTO.id }, durationSeconds: 600 });
    expect(h.store.current(grant.id).request).toEqual({
      vmName: VM_AUTO.name,
      vmId: VM_AUTO.id,
      port: 22,
      portLabel: "ssh",
      durationSeconds: 600,
    });
  });

  it("leaves the window to the policy's default when none was asked, and authorize resolves the rest", async () => {
    const h = makeDeps();
    const grant = await requestGrant(h.deps, { ...ask, vm: { name: "vm-auto-1" } });
    await authorizeGrant(h.deps, grant.id);
    expect(h.store.current(grant.id)).toMatchObject({
      status: "approved",
      policyName: "auto",
      durationSeconds: 1800,
      target: { vmId: VM_AUTO.id, vmName: VM_AUTO.name, resourceGroup: "rg-auto", protocol: "Tcp" },
    });
  });
});
