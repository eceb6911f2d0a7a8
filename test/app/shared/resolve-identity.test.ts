import { describe, expect, it } from "vitest";

import { recheckIdentity } from "../../../src/app/shared/recheck-identity.js";
import { resolveIdentity, type IdentityDeps } from "../../../src/app/shared/resolve-identity.js";
import { parseConfig } from "../../../src/config/load-config.js";
import { AjarError } from "../../../src/domain/errors.js";
import type { ChatUser, Directory } from "../../../src/domain/ports/directory.port.js";
import type { EntraDirectory, EntraUser } from "../../../src/domain/ports/entra-directory.port.js";

const ALICE = "11111111-1111-1111-1111-111111111111";
const FRANK = "66666666-6666-6666-6666-666666666601";

const chatUser = (id: string, email: string): ChatUser => ({
  id,
  email,
  emailConfirmed: true,
  deleted: false,
  bot: false,
  restricted: false,
  ultraRestricted: false,
  stranger: false,
  teamId: "T1",
});

function deps(entries: unknown[], users: EntraUser[], options: { graphDown?: boolean } = {}): IdentityDeps {
  const slack = new Map([
    ["U0ALICE01", chatUser("U0ALICE01", "alice@example.com")],
    ["U0FRANK01", chatUser("U0FRANK01", "frank@example.com")],
  ]);
  const directory: Directory = {
    user: async (id) => slack.get(id),
    userByEmail: async (email) => [...slack.values()].find((u) => u.email === email),
    installation: async () => ({ teamId: "T1" }),
    usergroupMembers: async () => [],
  };
  const down = () => {
    throw new AjarError("IDENTITY.UNAVAILABLE", "ajar could not reach Entra ID", { retryable: true });
  };
  const entra: EntraDirectory = {
    usersByEmail: async (email) => (options.graphDown ? down() : users.filter((u) => u.mail === email)),
    user: async (id) => (options.graphDown ? down() : users.find((u) => u.id === id)),
    manager: async () => undefined,
    groupIdsOf: async () => [],
    usersInGroup: async () => [],
  };
  const settings = parseConfig({
    identities: { source: "entra", entries },
    policies: [
      {
        name: "p",
        vms: [{ resourceGroup: "rg" }],
        ports: [{ port: 22 }],
        allowAnySource: true,
        approval: { mode: "none" },
      },
    ],
  });
  return { settings, directory, entra };
}

const frank: EntraUser = { id: FRANK, mail: "frank@example.com", accountEnabled: true, userType: "Member" };
const requester = (slackUserId: string, objectId: string) => ({ requester: { slackUserId, objectId } });

describe("resolveIdentity and recheckIdentity", () => {
  it("prefers the pinned entry, else maps through Entra ID", async () => {
    const d = deps([{ slackUserId: "U0ALICE01", objectId: ALICE }], [frank]);
    expect(await resolveIdentity(d, "U0ALICE01")).toMatchObject({ objectId: ALICE, source: "config" });
    expect(await resolveIdentity(d, "U0FRANK01")).toMatchObject({
      objectId: FRANK,
      source: "entra",
      email: "frank@example.com",
    });
  });

  it("says no once an entry is removed and the email maps nowhere, or the account is gone or disabled", async () => {
    expect(
      await recheckIdentity(deps([{ slackUserId: "U0ALICE01", objectId: ALICE }], []), requester("U0ALICE01", ALICE)),
    ).toMatchObject({ ok: true });
    expect(await recheckIdentity(deps([], []), requester("U0ALICE01", ALICE))).toMatchObject({
      ok: false,
      reason: /No Entra ID user has the email alice@example.com/,
    });
    const searchOnly: EntraDirectory = { ...deps([], [frank]).entra!, user: async () => undefined };
    expect(await recheckIdentity({ ...deps([], [frank]), entra: searchOnly }, requester("U0FRANK01", FRANK))).toEqual({
      ok: false,
      reason: "your Entra ID account no longer exists",
      retryable: false,
    });
    expect(
      await recheckIdentity(deps([], [{ ...frank, accountEnabled: false }]), requester("U0FRANK01", FRANK)),
    ).toMatchObject({ ok: false, reason: /disabled/ });
  });

  it("never turns an unreachable directory into a yes", async () => {
    expect(await recheckIdentity(deps([], [frank], { graphDown: true }), requester("U0FRANK01", FRANK))).toEqual({
      ok: false,
      reason: "ajar could not reach Entra ID",
      retryable: true,
    });
  });
});
