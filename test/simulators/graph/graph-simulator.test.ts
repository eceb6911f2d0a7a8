import { afterEach, describe, expect, it } from "vitest";

import { loadAzureSeed } from "../../../src/simulators/azure/index.js";
import { startGraphSimulator, type GraphSimulator } from "../../../src/simulators/graph/index.js";
import { ENTRA_SEED } from "../../e2e/fixtures/entra-e2e.js";

const TOKEN = "graph-sim-token";

describe("Microsoft Graph simulator (wire format)", () => {
  let graph: GraphSimulator | undefined;
  afterEach(async () => {
    await graph?.close();
    graph = undefined;
  });

  const start = async (options: { pageSize?: number; permissions?: string[] } = {}) => {
    graph = await startGraphSimulator({ seed: await loadAzureSeed(ENTRA_SEED), token: TOKEN, ...options });
    return graph;
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${graph!.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  it("refuses a missing or wrong token with Graph's error body", async () => {
    await start();
    const none = await fetch(`${graph!.url}/v1.0/users`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { code: "InvalidAuthenticationToken", message: "Access token is empty." },
    });
    const wrong = await get("/v1.0/users", { Authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
  });

  it("filters users by mail or userPrincipalName case-insensitively, and returns accountEnabled only when selected", async () => {
    await start();
    const filter = encodeURIComponent("mail eq 'FRANK@example.com' or userPrincipalName eq 'FRANK@example.com'");
    const plain = await get(`/v1.0/users?$filter=${filter}`);
    expect(plain.status).toBe(200);
    const [frank] = plain.body.value as Record<string, unknown>[];
    expect(frank).toMatchObject({ id: "66666666-6666-6666-6666-666666666601", mail: "Frank@Example.com" });
    expect(frank).not.toHaveProperty("accountEnabled");
    const selected = await get(`/v1.0/users?$filter=${filter}&$select=id,accountEnabled,userType`);
    expect((selected.body.value as unknown[])[0]).toEqual({
      "@odata.type": "#microsoft.graph.user",
      id: "66666666-6666-6666-6666-666666666601",
      accountEnabled: true,
      userType: "Member",
    });
    const upn = await get(
      `/v1.0/users?$filter=${encodeURIComponent("userPrincipalName eq 'twin@EXAMPLE.com'")}&$select=id`,
    );
    expect((upn.body.value as { id: string }[]).map((u) => u.id)).toEqual(["66666666-6666-6666-6666-666666666604"]);
    const unsupported = await get(`/v1.0/users?$filter=${encodeURIComponent("displayName eq 'x'")}`);
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toMatchObject({ error: { code: "Request_UnsupportedQuery" } });
  });

  it("pages with @odata.nextLink and needs ConsistencyLevel: eventual for $count and type casts", async () => {
    await start({ pageSize: 2 });
    const first = await get("/v1.0/users?$select=id");
    expect((first.body.value as unknown[]).length).toBe(2);
    const seen: string[] = [];
    let next: string | undefined = `/v1.0/users?$select=id`;
    while (next) {
      const page = await get(next.replace(graph!.url, ""));
      seen.push(...(page.body.value as { id: string }[]).map((u) => u.id));
      next = page.body["@odata.nextLink"] as string | undefined;
    }
    expect(new Set(seen).size).toBe(graph!.directory.users.size);

    const cast =
      "/v1.0/groups/77777777-7777-7777-7777-777777777702/transitiveMembers/microsoft.graph.user?$select=id,mail&$count=true";
    expect((await get(cast)).status).toBe(400);
    const members = await get(cast, { ConsistencyLevel: "eventual" });
    expect(members.body).toMatchObject({
      "@odata.count": 1,
      value: [{ id: "33333333-3333-3333-3333-333333333333", mail: "carol@example.com" }],
    });
  });

  it("answers transitiveMemberOf through nested groups, the manager, and 404 for what does not exist", async () => {
    await start();
    const groups = await get(
      "/v1.0/users/66666666-6666-6666-6666-666666666606/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true",
      { ConsistencyLevel: "eventual" },
    );
    expect((groups.body.value as { id: string }[]).map((g) => g.id).sort()).toEqual([
      "44444444-4444-4444-4444-444444444444",
      "88888888-8888-8888-8888-888888888801",
      "88888888-8888-8888-8888-888888888802",
    ]);
    const manager = await get("/v1.0/users/66666666-6666-6666-6666-666666666601/manager?$select=id,userPrincipalName");
    expect(manager.body).toMatchObject({
      id: "66666666-6666-6666-6666-666666666602",
      userPrincipalName: "grace@example.com",
    });
    const none = await get("/v1.0/users/66666666-6666-6666-6666-666666666609/manager");
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: { code: "Request_ResourceNotFound" } });
    expect((await get("/v1.0/users/00000000-1111-2222-3333-444444444444")).status).toBe(404);
  });

  it("throttles with 429 and Retry-After, and refuses calls the token has no permission for", async () => {
    await start({ permissions: ["User.Read.All"] });
    graph!.failNext({ status: 429, retryAfterSeconds: 3 });
    const throttled = await get("/v1.0/users?$select=id");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.body).toMatchObject({ error: { code: "TooManyRequests" } });
    expect((await get("/v1.0/users?$select=id")).status).toBe(200);
    const denied = await get("/v1.0/users/66666666-6666-6666-6666-666666666606/transitiveMemberOf");
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: { code: "Authorization_RequestDenied" } });
  });
});
