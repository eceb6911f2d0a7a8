import { describe, expect, it } from "vitest";

import { connectText } from "../../../src/adapters/slack/render/format.js";
import { renderGrantCard } from "../../../src/adapters/slack/render/render-grant.js";
import { grantFixture } from "../../support/grant-fixture.js";

const FW = "/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub";
const behindFirewall = (port?: number) =>
  grantFixture({
    status: "active",
    expiresAt: "2026-11-25T11:00:00.000Z",
    firewall: { id: FW, publicIp: "20.1.2.3", privateRange: "10.0.255.0/26", ...(port === undefined ? {} : { port }) },
  });

describe("where to connect, for a grant behind an Azure Firewall", () => {
  it("shows the firewall's address and the grant's port on the card once the DNAT entry has one", () => {
    expect(connectText(behindFirewall(50003))).toBe("`ssh -p 50003 user@20.1.2.3`");
    expect(JSON.stringify(renderGrantCard(behindFirewall(50003), "requester").blocks)).toContain(
      "Connect through the firewall",
    );
  });

  it("says nothing before the port is known, after the grant ended, or for a VM reached directly", () => {
    expect(connectText(behindFirewall())).toBeUndefined();
    expect(connectText({ ...behindFirewall(50003), status: "closed" })).toBeUndefined();
    expect(connectText(grantFixture({ status: "active" }))).toBeUndefined();
    expect(
      JSON.stringify(
        renderGrantCard(grantFixture({ status: "active", expiresAt: "2026-11-25T11:00:00.000Z" }), "requester").blocks,
      ),
    ).not.toContain("firewall");
  });
});
