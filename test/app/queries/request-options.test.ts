import { describe, expect, it } from "vitest";

import { durationHint } from "../../../src/adapters/slack/render/request-form-hints.js";
import { SELECT_MAX_OPTIONS } from "../../../src/adapters/slack/slack-limits.js";
import { vmOptionValue } from "../../../src/adapters/slack/vm-option-value.js";
import { silentLogger } from "../../../src/app/ports/logger.port.js";
import { portChoices } from "../../../src/app/queries/port-choices.js";
import { requestFormDefaults } from "../../../src/app/queries/request-form-defaults.js";
import { requestableVms } from "../../../src/app/queries/requestable-vms.js";
import { vmByOptionValue } from "../../../src/app/queries/vm-by-option-value.js";
import { createVmCatalog } from "../../../src/app/queries/vm-catalog.js";
import type { Directory } from "../../../src/domain/ports/directory.port.js";
import type { NetworkAccess, VmSummary } from "../../../src/domain/ports/network-access.port.js";
import { settings, VMS, vmSummary } from "../request-form-fixture.js";

describe("request form options", () => {
  it("offers only VMs a policy covers, matched by the typed text, sorted", () => {
    const { policies } = settings();
    expect(requestableVms(VMS, policies, "", SELECT_MAX_OPTIONS).map((v) => v.name)).toEqual([
      "vm-prod-1",
      "vm-prod-2",
      "vm-win-1",
    ]);
    expect(requestableVms(VMS, policies, "PROD", SELECT_MAX_OPTIONS).map((v) => v.name)).toEqual([
      "vm-prod-1",
      "vm-prod-2",
    ]);
    expect(requestableVms(VMS, policies, "dev", SELECT_MAX_OPTIONS)).toEqual([]);
    expect(requestableVms(VMS, policies, "rg-prod/vm-w", SELECT_MAX_OPTIONS).map((v) => v.name)).toEqual(["vm-win-1"]);
  });

  it("stops at Slack's 100 options", () => {
    const many = Array.from({ length: 150 }, (_, i) => vmSummary(`vm-prod-${String(i).padStart(3, "0")}`));
    expect(requestableVms(many, settings().policies, "vm", SELECT_MAX_OPTIONS)).toHaveLength(100);
  });

  it("names ports as the policies do, once per port", () => {
    expect(portChoices(settings().policies)).toEqual([
      { port: 22, name: "ssh", label: "ssh (22)" },
      { port: 3389, name: "rdp", label: "rdp (3389)" },
      { port: 5985, name: "winrm", label: "winrm (5985)" },
      { port: 5986, name: "winrms", label: "winrms (5986)" },
    ]);
    const unnamed = settings().policies.map((p) => ({
      ...p,
      ports: [
        { port: 8443, protocol: "Tcp" as const },
        { port: 22, protocol: "Tcp" as const },
      ],
    }));
    expect(portChoices(unnamed).map((c) => c.label)).toEqual(["8443", "ssh (22)"]);
  });

  it("uses the resource id as the option value, and a digest when it is longer than Slack allows", () => {
    const short = vmSummary("vm-prod-1");
    expect(vmOptionValue(short)).toBe(short.id);
    const long = vmSummary(`vm-${"x".repeat(60)}`, `rg-${"y".repeat(80)}`);
    const value = vmOptionValue(long);
    expect(value.length).toBeLessThanOrEqual(150);
    expect(vmByOptionValue([short, long], value)).toBe(long);
    expect(vmByOptionValue([short, long], short.id.toUpperCase())).toBe(short);
  });

  it("states each policy's duration limits in the hint", () => {
    expect(durationHint(settings().policies)).toContain(
      "prod-linux: 5s to 3h, default 30m; windows: 5s to 2h, default 1h.",
    );
  });

  it("prefills the source from the identity mapping, and reports an unmapped user", async () => {
    const directory: Directory = {
      user: async () => undefined,
      userByEmail: async () => undefined,
      installation: async () => ({ teamId: "T1" }),
      usergroupMembers: async () => [],
    };
    const deps = { settings: settings(), directory, logger: silentLogger };
    expect(await requestFormDefaults(deps, "U0ALICE01")).toEqual({ kind: "ready", defaultSource: "203.0.113.7" });
    expect(await requestFormDefaults(deps, "U0CAROL01")).toEqual({ kind: "ready" });
    expect(await requestFormDefaults(deps, "U0NOBODY1")).toMatchObject({
      kind: "unmapped",
      problem: expect.stringMatching(/not linked to an Azure identity/),
    });
  });
});

describe("createVmCatalog", () => {
  it("lists once per TTL, shares a listing in flight, and does not cache failures", async () => {
    let calls = 0;
    let fail = true;
    const network = {
      listVms: async (subscriptions: string[]): Promise<VmSummary[]> => {
        calls++;
        expect(subscriptions).toEqual(["00000000-0000-0000-0000-000000000001"]);
        if (fail) throw new Error("throttled");
        return VMS;
      },
    } as Pick<NetworkAccess, "listVms"> as NetworkAccess;
    let now = 0;
    const catalog = createVmCatalog({ settings: settings(), network, clock: { now: () => new Date(now) } }, 1000);
    await expect(catalog()).rejects.toThrow("throttled");
    fail = false;
    const [a, b] = await Promise.all([catalog(), catalog()]);
    expect(a).toBe(VMS);
    expect(b).toBe(VMS);
    expect(calls).toBe(2);
    now = 999;
    await catalog();
    expect(calls).toBe(2);
    now = 2000;
    await catalog();
    expect(calls).toBe(3);
  });

  it("answers with a list past its TTL at once and refreshes it behind, up to ten TTLs", async () => {
    let listing: Promise<VmSummary[]> = Promise.resolve(VMS);
    let calls = 0;
    const network = {
      listVms: (): Promise<VmSummary[]> => {
        calls++;
        return listing;
      },
    } as Pick<NetworkAccess, "listVms"> as NetworkAccess;
    let now = 0;
    const catalog = createVmCatalog({ settings: settings(), network, clock: { now: () => new Date(now) } }, 1000);
    expect(await catalog()).toBe(VMS);
    const fresh = [vmSummary("vm-prod-9")];
    let release: (vms: VmSummary[]) => void = () => undefined;
    listing = new Promise((resolve) => (release = resolve));
    now = 5000;
    // ARM has not answered yet: the old list still comes back, and one refresh is under way.
    expect(await catalog()).toBe(VMS);
    expect(await catalog()).toBe(VMS);
    expect(calls).toBe(2);
    release(fresh);
    await listing;
    await new Promise((r) => setImmediate(r));
    expect(await catalog()).toBe(fresh);
    // Too old to trust: the caller waits for a new listing.
    listing = Promise.resolve(VMS);
    now = 20_000;
    expect(await catalog()).toBe(VMS);
    expect(calls).toBe(3);
  });
});
