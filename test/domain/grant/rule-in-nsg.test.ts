import { describe, expect, it } from "vitest";

import { isRuleInNsg, ruleInNsg } from "../../../src/domain/grant/rule-in-nsg.js";

const NSG = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-1";
const OTHER = NSG.replace("nsg-1", "nsg-2");

describe("ruleInNsg", () => {
  const grant = {
    rules: [
      { nsgId: OTHER, name: "ajar-g-abcdefghij-p22" },
      { nsgId: NSG, name: "ajar-g-abcdefghij-p22", liveAt: "2026-11-25T10:00:00.000Z" },
    ],
  };

  it("finds the grant's entry for an NSG however the id is cased", () => {
    expect(ruleInNsg(grant, NSG.toUpperCase())?.liveAt).toBe("2026-11-25T10:00:00.000Z");
    expect(isRuleInNsg(grant.rules[0]!, OTHER.toLowerCase())).toBe(true);
  });

  it("finds nothing for an NSG the grant has no rule in", () => {
    expect(ruleInNsg(grant, NSG.replace("nsg-1", "nsg-3"))).toBeUndefined();
    expect(isRuleInNsg(grant.rules[0]!, NSG)).toBe(false);
  });
});
