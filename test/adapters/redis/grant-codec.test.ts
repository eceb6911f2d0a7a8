import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { decodeGrant, encodeGrant } from "../../../src/adapters/redis/grant-codec.js";
import { grantFixture } from "../../support/grant-fixture.js";

/** grantFixture() as the first release of this encoding wrote it: records in Redis must stay readable. */
const WRITTEN_BY_V1 =
  "AYNbm5iUnJKalp6RmYXsAGMkFyAyL4oTCoryUwg4w9HH09kV1S2GUKCLhYABUAYhFPXF6PFalE5SzJbl6hoixy6UjxHDxViiuCid1EhG5AgjA2M9Az1DQ2M9cxyZw9AClDlQc4KRma6hoa6RaYihgZUBCOkZGBhEYcvxCJWGqCqJLgmM0EoCJ38nJR2lUGfHIH8fEMPFMcwVuXRArjhjdZDrrlhiqw2c3oMX/ZCUVBtbCwA=";

describe("grant codec", () => {
  it("gives back exactly the grant it was given, whatever its text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: "grapheme" }), fc.nat(), (justification, vmName, port) => {
        const grant = grantFixture({ justification, target: { ...grantFixture().target, vmName, port } });
        expect(decodeGrant(encodeGrant(grant))).toEqual(grant);
      }),
    );
  });

  it("still reads records written by its first release, and the plain JSON of before", () => {
    expect(decodeGrant(Buffer.from(WRITTEN_BY_V1, "base64"))).toEqual(grantFixture());
    expect(decodeGrant(JSON.stringify(grantFixture()))).toEqual(grantFixture());
  });

  it("stores a grant in a fraction of its JSON", () => {
    const grant = grantFixture({
      rules: [1, 2].map((i) => ({
        nsgId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-${i}`,
        name: "ajar-g-abcdefghij-p22",
        priority: 999,
        liveAt: "2026-11-25T10:00:01.000Z",
      })),
      history: ["requested", "pending", "vote", "approved", "opening", "active"].map((type, i) => ({
        type,
        at: `2026-11-25T10:00:0${i}.000Z`,
        actor: i % 2 ? "ajar" : "UBOB",
      })),
    });
    expect(encodeGrant(grant).length).toBeLessThan(JSON.stringify(grant).length / 3);
  });

  it("refuses a record in a format it does not know rather than guessing", () => {
    expect(() => decodeGrant(Buffer.of(9, 1, 2))).toThrow(/unknown format/);
  });
});
