import { afterEach, describe, expect, it } from "vitest";

import { createEntraDirectory } from "../../../src/adapters/graph/create-entra-directory.js";
import { GraphClient } from "../../../src/adapters/graph/graph-client.js";
import { loadAzureSeed } from "../../../src/simulators/azure/index.js";
import { startGraphSimulator, type GraphSimulator } from "../../../src/simulators/graph/index.js";
import { ENTRA_SEED } from "../../e2e/fixtures/entra-e2e.js";

const TOKEN = "graph-adapter-token";
const FRANK = "66666666-6666-6666-6666-666666666601";

describe("Entra ID over Microsoft Graph (adapter against the simulator)", () => {
  let graph: GraphSimulator | undefined;
  afterEach(async () => {
    await graph?.close();
    graph = undefined;
  });

  const setup = async (options: { pageSize?: number; permissions?: string[]; now?: () => number } = {}) => {
    graph = await startGraphSimulator({
      seed: await loadAzureSeed(ENTRA_SEED),
      token: TOKEN,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.permissions ? { permissions: options.permissions } : {}),
    });
    return createEntraDirectory({
      endpoint: graph.url,
      staticToken: TOKEN,
      cacheTtlSeconds: 300,
      retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 50 },
      ...(options.now ? { now: options.now } : {}),
    }).entra;
  };

  it("reads users by email, groups and members across pages, with $select and ConsistencyLevel", async () => {
    const entra = await setup({ pageSize: 1 });
    expect((await entra.usersByEmail("twin@example.com")).map((u) => u.id).sort()).toEqual([
      "66666666-6666-6666-6666-666666666603",
      "66666666-6666-6666-6666-666666666604",
    ]);
    expect(await entra.groupIdsOf("66666666-6666-6666-6666-666666666606")).toHaveLength(3);
    expect((await entra.usersInGroup("44444444-4444-4444-4444-444444444444")).length).toBe(10);
    expect(graph!.requests.filter((r) => r.query.includes("skiptoken")).length).toBeGreaterThan(10);
    expect(graph!.requests.every((r) => r.status === 200)).toBe(true);
    expect(
      graph!.requests.filter((r) => r.path.includes("transitive")).every((r) => r.consistencyLevel === "eventual"),
    ).toBe(true);
    expect(await entra.manager("66666666-6666-6666-6666-666666666609")).toBeUndefined();
    expect(await entra.user("00000000-1111-2222-3333-444444444444")).toBeUndefined();
  });

  it("caches answers for the TTL, never caches failures, and reads fresh when asked", async () => {
    let now = 0;
    const entra = await setup({ now: () => now });
    await entra.user(FRANK);
    await entra.user(FRANK);
    expect(graph!.requests).toHaveLength(1);
    graph!.updateUser(FRANK, { accountEnabled: false });
    expect((await entra.user(FRANK))!.accountEnabled).toBe(true);
    expect((await entra.user(FRANK, { fresh: true }))!.accountEnabled).toBe(false);
    now += 301_000;
    expect((await entra.user(FRANK))!.accountEnabled).toBe(false);

    graph!.failNext({ status: 500, code: "generalException", message: "boom" }, 5);
    await expect(entra.manager(FRANK)).rejects.toMatchObject({ code: "IDENTITY.UNAVAILABLE", retryable: true });
    expect((await entra.manager(FRANK))!.id).toBe("66666666-6666-6666-6666-666666666602");
  });

  it("retries 503 with Retry-After, and names the missing permission on 403", async () => {
    const entra = await setup({ permissions: ["User.Read.All"] });
    graph!.failNext({ status: 503, retryAfterSeconds: 0 }, 2);
    expect((await entra.user(FRANK))!.id).toBe(FRANK);
    expect(graph!.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    await expect(entra.groupIdsOf(FRANK)).rejects.toMatchObject({
      code: "IDENTITY.UNAVAILABLE",
      userMessage: expect.stringMatching(/GroupMember\.Read\.All/),
    });
  });

  it("refuses an email that could escape the OData literal, and a token over plain http to a remote host", async () => {
    const entra = await setup();
    await expect(entra.usersByEmail("x' or 1 eq 1 or mail eq 'y@example.com")).rejects.toMatchObject({
      code: "IDENTITY.UNMAPPED",
    });
    expect(graph!.requests).toHaveLength(0);
    expect(() => new GraphClient({ endpoint: "http://graph.example.com", staticToken: "t" })).toThrow(/non-loopback/);
    expect(() => new GraphClient({ endpoint: "http://127.0.0.1:9" })).toThrow(/AZURE_GRAPH_TOKEN/);
  });
});
