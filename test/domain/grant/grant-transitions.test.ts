import { describe, expect, it } from "vitest";

import { FINAL_STATUSES, OPEN_STATUSES, type GrantStatus } from "../../../src/domain/grant/grant.js";
import { GRANT_TRANSITIONS, transition } from "../../../src/domain/grant/transitions.js";
import { grantFixture } from "../../support/grant-fixture.js";

const ALL: GrantStatus[] = [...OPEN_STATUSES, ...FINAL_STATUSES];
const at = "2026-11-25T10:05:00.000Z";

describe("GRANT_TRANSITIONS", () => {
  it("lets nothing leave a final status, so a closed grant can never be reopened", () => {
    for (const status of FINAL_STATUSES) expect(GRANT_TRANSITIONS[status]).toEqual([]);
  });

  it("moves through every listed edge and refuses every other pair", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const move = () => transition(grantFixture({ status: from }), to, { at, actor: "ajar" });
        if (GRANT_TRANSITIONS[from].includes(to)) {
          const after = move();
          expect(after.status).toBe(to);
          expect(after.history.at(-1)).toMatchObject({ type: to, at });
        } else {
          expect(move).toThrow(`cannot become ${to}`);
        }
      }
    }
  });
});
