import { describe, expect, it } from "vitest";

import { checkRequestForm, type RequestForm } from "../../../src/app/commands/check-request-form.js";
import { settings, VMS, vmSummary } from "../request-form-fixture.js";

const catalog = async () => VMS;
const prod1 = vmSummary("vm-prod-1").id;
const valid: RequestForm = {
  vm: prod1,
  port: "22",
  duration: "45m",
  source: "203.0.113.7",
  justification: "  rotate logs ",
};
const check = (form: RequestForm) => checkRequestForm({ settings: settings() }, catalog, form);

describe("checkRequestForm", () => {
  it("turns a valid form into the request the command would make", async () => {
    const result = await check(valid);
    expect(result).toMatchObject({
      ok: true,
      policy: { name: "prod-linux" },
      request: {
        vm: { resourceId: prod1 },
        port: 22,
        portLabel: "ssh",
        durationSeconds: 2700,
        source: "203.0.113.7",
        justification: "rotate logs",
      },
    });
  });

  it("leaves the duration to the policy when the field is empty", async () => {
    const result = await check({ ...valid, duration: " " });
    expect(result.ok).toBe(true);
    expect(result.ok ? result.request : undefined).not.toHaveProperty("durationSeconds");
  });

  it("names the field of each malformed value, using the domain's parsers' sentences", async () => {
    const result = await check({ vm: prod1, port: "22", duration: "90", source: "203.0.113.7/16" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.duration).toMatch(/"90" has no unit/);
    expect(result.errors.source).toMatch(/host bits set; did you mean 203\.0\.0\.0\/16/);
    expect(result.errors).not.toHaveProperty("vm");
    expect(result.errors).not.toHaveProperty("port");
  });

  it("applies the chosen VM's policy: source outside allowedSources, duration over the maximum", async () => {
    const source = await check({ ...valid, source: "192.0.2.1" });
    expect(source).toMatchObject({
      ok: false,
      errors: {
        source: expect.stringMatching(
          /outside the sources this VM accepts \(203\.0\.113\.0\/24, 198\.51\.100\.0\/24\)/,
        ),
      },
    });
    const duration = await check({ ...valid, duration: "4h" });
    expect(duration).toMatchObject({ ok: false, errors: { duration: expect.stringMatching(/3h or less/) } });
    // The windows policy is shorter: the same 3h that passes on vm-prod-1 is refused on vm-win-1.
    const windows = await check({ ...valid, vm: vmSummary("vm-win-1").id, port: "3389", duration: "3h" });
    expect(windows).toMatchObject({ ok: false, errors: { duration: expect.stringMatching(/2h or less/) } });
  });

  it("refuses a port the VM's policies do not offer, listing the ones they do", async () => {
    const result = await check({ ...valid, vm: vmSummary("vm-win-1").id, port: "22" });
    expect(result).toMatchObject({
      ok: false,
      errors: {
        port: "Port 22 cannot be requested on vm-win-1. Ports you can request there: rdp (3389), winrm (5985), winrms (5986).",
      },
    });
  });

  it("refuses any-source requests unless the policy allows them", async () => {
    const result = await check({ ...valid, source: "any" });
    expect(result).toMatchObject({ ok: false, errors: { source: expect.stringMatching(/any source/) } });
  });

  it("asks for a VM again when the picked one is gone or missing", async () => {
    expect(await check({ ...valid, vm: vmSummary("vm-prod-9").id })).toMatchObject({
      ok: false,
      errors: { vm: expect.stringMatching(/no longer available/) },
    });
    expect(await check({ ...valid, vm: undefined, port: undefined })).toMatchObject({
      ok: false,
      errors: { vm: "Pick a VM.", port: "Pick a port." },
    });
  });

  it("checks the policy's justification rule", async () => {
    const base = settings();
    const strict = {
      ...base,
      policies: base.policies.map((p) => ({ ...p, justification: { required: true, hint: "name the ticket" } })),
    };
    const result = await checkRequestForm({ settings: strict }, catalog, { ...valid, justification: "  " });
    expect(result).toMatchObject({
      ok: false,
      errors: { justification: expect.stringMatching(/needs a reason.*name the ticket/) },
    });
  });

  it("lets a failing VM listing propagate: that is not the user's mistake", async () => {
    const failing = async () => {
      throw new Error("ARM unreachable");
    };
    await expect(checkRequestForm({ settings: settings() }, failing, valid)).rejects.toThrow("ARM unreachable");
  });
});
