import { createServer, type Server } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { sourceLinkHandler } from "../../src/adapters/http/source-link-routes.js";
import { expirePending } from "../../src/app/jobs/expire-pending.js";
import type { Clock } from "../../src/app/ports/clock.port.js";
import {
  allowRules,
  click,
  dmsTo,
  dueGrantJobs,
  e2eConfig,
  jit,
  NIC_NSG,
  startE2E,
  SUBNET_NSG,
  until,
  waitForPending,
  waitForStatus,
  type E2E,
} from "../support/e2e.js";
import { linkSentTo, openLink, servePublicUrl } from "../support/source-link.js";

function configWith(
  extra: { trustedProxies?: string[]; allowedSources?: string[]; approval?: unknown } = {},
): Record<string, unknown> {
  const config = e2eConfig(extra.trustedProxies ? { http: { trustedProxies: extra.trustedProxies } } : {});
  const policy = (config.policies as Record<string, unknown>[])[0]!;
  if (extra.allowedSources) policy.allowedSources = extra.allowedSources;
  if (extra.approval) policy.approval = extra.approval;
  return config;
}

const sourcesOf = (rule: { sourceAddressPrefix?: string; sourceAddressPrefixes?: string[] }) =>
  [rule.sourceAddressPrefix, ...(rule.sourceAddressPrefixes ?? [])].filter(Boolean);

describe("`from me`: a one-time link records the requester's address", () => {
  let e2e: E2E | undefined;
  let extra: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (extra ? extra.close(() => resolve()) : resolve()));
    extra = undefined;
    await e2e?.close();
    e2e = undefined;
  });

  it("records the address behind a trusted proxy, and the grant opens for it", async () => {
    e2e = await startE2E(configWith({ trustedProxies: ["127.0.0.1"] }));
    servePublicUrl(e2e);
    const { grantId, reply } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from me because rotate logs");
    expect(reply).toMatch(/sent you a link by DM/);
    const url = await linkSentTo(e2e, "U0ALICE01");
    expect(url.startsWith(`${e2e.stack.web.url}/ajar/my-ip/${grantId}/`)).toBe(true);
    // Nothing happens until the link is opened: no authorization, no approvers asked.
    expect((await e2e.stack.runtime.deps.store.get(grantId!))?.status).toBe("requested");

    // A preview fetch (GET) shows the address and spends nothing.
    const preview = await openLink(url, { method: "GET", forwardedFor: "198.51.100.1, 203.0.113.50" });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain("You are connecting from 203.0.113.50/32");
    expect(preview.html).toContain('<form method="post"');
    expect(preview.html).not.toMatch(/<script/i);

    const recorded = await openLink(url, { forwardedFor: "198.51.100.1, 203.0.113.50" });
    expect(recorded.status).toBe(200);
    expect(recorded.html).toContain(`Recorded 203.0.113.50/32 for request ${grantId}`);
    expect(recorded.html).toMatch(/checks it against the VM&#39;s policy/);

    await waitForPending(e2e, grantId!);
    await click(e2e, "U0BOB0001", "ajar.approve", grantId!);
    const active = await waitForStatus(e2e, grantId!, "active");
    expect(active.source).toBe("203.0.113.50/32");
    for (const nsg of [NIC_NSG, SUBNET_NSG]) expect(sourcesOf(allowRules(e2e, nsg)[0]!)).toEqual(["203.0.113.50/32"]);

    // Used once: the same link is refused afterwards, and changes nothing.
    const again = await openLink(url, { forwardedFor: "203.0.113.51" });
    expect(again.status).toBe(410);
    expect(again.html).toMatch(/already used/);
    expect((await e2e.stack.runtime.deps.store.get(grantId!))?.source).toBe("203.0.113.50/32");
  });

  it("ignores X-Forwarded-For from an untrusted peer and checks the address against allowedSources", async () => {
    e2e = await startE2E(configWith());
    servePublicUrl(e2e);
    const { grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from me");
    const url = await linkSentTo(e2e, "U0ALICE01");
    const recorded = await openLink(url, { forwardedFor: "203.0.113.50" });
    expect(recorded.html).toContain("Recorded 127.0.0.1/32");
    const rejected = await waitForStatus(e2e, grantId!, "rejected");
    expect(rejected.failure).toMatch(/127\.0\.0\.1\/32 is outside the sources this VM accepts \(203\.0\.113\.0\/24\)/);
    expect(allowRules(e2e, NIC_NSG)).toHaveLength(0);
  });

  it("records IPv6 addresses, behind a trusted proxy and direct", async () => {
    e2e = await startE2E(
      configWith({
        trustedProxies: ["127.0.0.1"],
        allowedSources: ["203.0.113.0/24", "2001:db8::/32"],
        approval: { mode: "none" },
      }),
    );
    servePublicUrl(e2e);
    const proxied = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from me");
    const viaProxy = await openLink(await linkSentTo(e2e, "U0ALICE01"), { forwardedFor: "2001:db8::5" });
    expect(viaProxy.html).toContain("Recorded 2001:db8::5/128");
    const active = await waitForStatus(e2e, proxied.grantId!, "active");
    expect(active.source).toBe("2001:db8::5/128");
    expect(allowRules(e2e, NIC_NSG).flatMap(sourcesOf)).toContain("2001:db8::5/128");

    // Direct over IPv6: the same handler on a listener bound to ::1.
    extra = createServer(sourceLinkHandler(e2e.stack.runtime.deps));
    await new Promise<void>((resolve) => extra!.listen(0, "::1", () => resolve()));
    const port = (extra.address() as { port: number }).port;
    const direct = await jit(e2e, "U0CAROL01", "ssh vm-prod-1 30m from me");
    const url = (await linkSentTo(e2e, "U0CAROL01")).replace(e2e.stack.web.url!, `http://[::1]:${port}`);
    const recorded = await openLink(url);
    expect(recorded.html).toContain("Recorded ::1/128");
    // ::1 is outside every allowed source: refused like any other address.
    expect((await waitForStatus(e2e, direct.grantId!, "rejected")).failure).toMatch(/::1\/128 is outside/);
  });

  it("refuses a link opened for another user's request, and an expired one, which ends the request", async () => {
    let offset = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    e2e = await startE2E(configWith({ trustedProxies: ["127.0.0.1"] }), { clock });
    servePublicUrl(e2e);
    const alice = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from me");
    const carol = await jit(e2e, "U0CAROL01", "ssh vm-prod-1 30m from me");
    const aliceUrl = await linkSentTo(e2e, "U0ALICE01");
    const token = aliceUrl.split("/").at(-1)!;
    const forCarol = `${e2e.stack.web.url}/ajar/my-ip/${carol.grantId}/${token}`;
    for (const method of ["GET", "POST"] as const) {
      const wrong = await openLink(forCarol, { method, forwardedFor: "203.0.113.50" });
      expect(wrong.status).toBe(404);
      expect(wrong.html).toMatch(/not valid/);
    }
    expect((await e2e.stack.runtime.deps.store.get(carol.grantId!))?.source).toBe("");

    offset = 11 * 60 * 1000;
    const late = await openLink(aliceUrl, { forwardedFor: "203.0.113.50" });
    expect(late.status).toBe(410);
    expect(late.html).toMatch(/expired/);
    // The expiry job (scheduled for the link's end) ends the request and says why.
    expect(await expirePending(e2e.stack.runtime.deps, alice.grantId!)).toBe(true);
    const expired = await e2e.stack.runtime.deps.store.get(alice.grantId!);
    expect(expired).toMatchObject({ status: "expired", failure: "the address link was not opened in time" });
    expect(await dueGrantJobs(e2e)).toContainEqual({ name: "expire-pending", grantId: alice.grantId, round: 0 });
  });

  it("is not offered without AJAR_PUBLIC_URL, and help says why", async () => {
    e2e = await startE2E(configWith());
    const { reply, grantId } = await jit(e2e, "U0ALICE01", "ssh vm-prod-1 30m from me");
    expect(grantId).toBeUndefined();
    expect(reply).toMatch(/needs ajar's public address \(AJAR_PUBLIC_URL\)/);
    const help = await e2e.stack.client.command({ userId: "U0ALICE01", userName: "alice", text: "help" });
    expect(JSON.stringify(help.body)).toMatch(/AJAR_PUBLIC_URL/);
    servePublicUrl(e2e);
    const offered = await e2e.stack.client.command({ userId: "U0ALICE01", userName: "alice", text: "help" });
    expect(JSON.stringify(offered.body)).toMatch(/from me/);
  });
});

describe("`/jit move`: re-pointing an open grant", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  async function openGrantFor(e: E2E): Promise<string> {
    const { grantId } = await jit(e, "U0ALICE01", "ssh vm-prod-1 1h from 203.0.113.7");
    await waitForPending(e, grantId!);
    await click(e, "U0BOB0001", "ajar.approve", grantId!);
    await waitForStatus(e, grantId!, "active");
    return grantId!;
  }

  it("moves inside the approved range at once, without approval", async () => {
    e2e = await startE2E(configWith({ trustedProxies: ["127.0.0.1"] }));
    servePublicUrl(e2e);
    const grantId = await openGrantFor(e2e);
    const before = e2e.stack.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === e2e!.stack.slack.dmChannelFor("U0BOB0001")).length;

    const { reply } = await jit(e2e, "U0ALICE01", `move ${grantId} from me`);
    expect(reply).toMatch(/sent you a link by DM/);
    const moved = await openLink(await linkSentTo(e2e, "U0ALICE01"), { forwardedFor: "203.0.113.99" });
    expect(moved.html).toMatch(/Moved g-[a-z2-7]{10} to 203\.0\.113\.99\/32 \(inside 203\.0\.113\.0\/24/);

    const grant = await e2e.stack.runtime.deps.store.get(grantId);
    expect(grant).toMatchObject({ status: "active", source: "203.0.113.99/32" });
    for (const nsg of [NIC_NSG, SUBNET_NSG]) {
      // The reconciler rewrites the rule from the record, in place.
      await until("the rule to carry the new source", () =>
        allowRules(e2e!, nsg).some((r) => sourcesOf(r).join() === "203.0.113.99/32"),
      );
      const rules = allowRules(e2e, nsg);
      expect(rules).toHaveLength(1);
      expect(sourcesOf(rules[0]!)).toEqual(["203.0.113.99/32"]);
      expect(rules[0]!.name).toBe(grant!.rules.find((r) => r.nsgId === nsg)!.name);
    }
    // Nobody was asked.
    expect(
      e2e.stack.slack
        .callsTo("chat.postMessage")
        .filter((c) => c.args.channel === e2e!.stack.slack.dmChannelFor("U0BOB0001")),
    ).toHaveLength(before);
    const audit = (await e2e.stack.runtime.deps.audit.read({}))
      .filter((a) => a.grantId === grantId)
      .map((a) => a.event);
    expect(audit).toContain("moved");
  });

  it("asks the approvers again for an address outside that range, and leaves the grant as it is", async () => {
    e2e = await startE2E(configWith({ allowedSources: ["203.0.113.0/24", "198.51.100.0/24"] }));
    const grantId = await openGrantFor(e2e);
    const { reply } = await jit(e2e, "U0ALICE01", `move ${grantId} from 198.51.100.5`);
    const newId = /request `(g-[a-z2-7]{10})` asks for 198\.51\.100\.5\/32/.exec(reply)?.[1];
    expect(newId, reply).toBeDefined();
    const pending = await waitForPending(e2e, newId!);
    expect(pending.source).toBe("198.51.100.5/32");
    expect(pending.justification).toContain(`moving ${grantId}`);
    expect((await e2e.stack.runtime.deps.store.get(grantId))?.source).toBe("203.0.113.7/32");
    expect(sourcesOf(allowRules(e2e, NIC_NSG)[0]!)).toEqual(["203.0.113.7/32"]);
    expect(dmsTo(e2e, "U0BOB0001").some((t) => t.includes(newId!))).toBe(true);
  });

  it("refuses a move by anyone but the requester", async () => {
    e2e = await startE2E(configWith());
    const grantId = await openGrantFor(e2e);
    const { reply } = await jit(e2e, "U0CAROL01", `move ${grantId} from 203.0.113.9`);
    expect(reply).toMatch(/Only the requester/);
    expect((await e2e.stack.runtime.deps.store.get(grantId))?.source).toBe("203.0.113.7/32");
  });
});
