import { describe, expect, it } from "vitest";

import { matchEntraUser } from "../../../src/domain/identity/match-entra-user.js";
import { trustedEmail } from "../../../src/domain/identity/trusted-email.js";
import type { ChatUser } from "../../../src/domain/ports/directory.port.js";
import type { EntraUser } from "../../../src/domain/ports/entra-directory.port.js";

const member: ChatUser = {
  id: "U1",
  email: "Alice@Example.com",
  emailConfirmed: true,
  deleted: false,
  bot: false,
  restricted: false,
  ultraRestricted: false,
  stranger: false,
  teamId: "T1",
};
const install = { teamId: "T1" };

describe("trustedEmail", () => {
  it("trusts a confirmed email of a full member of this workspace, lower-cased", () => {
    expect(trustedEmail(member, install)).toEqual({ ok: true, email: "alice@example.com" });
  });

  it.each([
    ["unconfirmed", { emailConfirmed: false }, /not .*confirmed/],
    ["multi-channel guest", { restricted: true }, /guest/],
    ["single-channel guest", { ultraRestricted: true }, /guest/],
    ["external", { stranger: true }, /another organisation/],
    ["other workspace", { teamId: "T2" }, /another workspace/],
    ["deleted", { deleted: true }, /not list/],
    ["bot", { bot: true }, /bot/],
  ] as const)("refuses an %s account", (_label, change, problem) => {
    const result = trustedEmail({ ...member, ...change }, install);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(problem);
  });

  it("accepts another workspace of the same Enterprise Grid, and refuses another organisation's", () => {
    const grid = { teamId: "T1", enterpriseId: "E1" };
    expect(trustedEmail({ ...member, teamId: "T9", enterpriseId: "E1" }, grid).ok).toBe(true);
    expect(trustedEmail({ ...member, teamId: "T1", enterpriseId: "E2" }, grid).ok).toBe(false);
  });

  it("refuses an unknown user", () => {
    expect(trustedEmail(undefined, install).ok).toBe(false);
  });
});

describe("matchEntraUser", () => {
  const alice: EntraUser = {
    id: "a",
    mail: "alice@example.com",
    userPrincipalName: "alice@corp.onmicrosoft.com",
    accountEnabled: true,
    userType: "Member",
  };
  const opts = { allowGuests: false };

  it("matches mail or userPrincipalName case-insensitively, and ignores candidates that do not carry the address", () => {
    expect(matchEntraUser("ALICE@example.com", [alice], opts)).toBe(alice);
    expect(
      matchEntraUser(
        "alice@corp.onmicrosoft.com",
        [alice, { ...alice, id: "x", mail: "other@example.com", userPrincipalName: "o@x" }],
        opts,
      ),
    ).toBe(alice);
  });

  it("refuses none, several, disabled and guest accounts with a reason", () => {
    expect(() => matchEntraUser("nobody@example.com", [alice], opts)).toThrow(/No Entra ID user has the email/);
    expect(() =>
      matchEntraUser("alice@example.com", [alice, { ...alice, id: "b", userPrincipalName: "b@x" }], opts),
    ).toThrow(/2 Entra ID users have the email alice@example.com \(object ids a, b\)/);
    expect(() => matchEntraUser("alice@example.com", [{ ...alice, accountEnabled: false }], opts)).toThrow(/disabled/);
    expect(() => matchEntraUser("alice@example.com", [{ ...alice, userType: "Guest" }], opts)).toThrow(/Guest account/);
    expect(matchEntraUser("alice@example.com", [{ ...alice, userType: "Guest" }], { allowGuests: true }).id).toBe("a");
  });
});
