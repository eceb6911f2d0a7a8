import {
  bearerTokenAuthenticationPolicyName,
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { afterEach, describe, expect, it } from "vitest";

import { ArmClientCache, createArmClients } from "../../../src/adapters/azure/arm-clients.js";
import { isLoopbackUrl } from "../../../src/adapters/azure/loopback.js";
import { staticTokenPolicy } from "../../../src/adapters/azure/static-token.js";
import { AjarError } from "../../../src/domain/errors.js";
import type { AzureSimulator } from "../../../src/simulators/azure/index.js";
import { errorOf, RG, startDemoSimulator, SUB } from "../../simulators/azure/support/sim-fixture.js";

const STATIC_TOKEN_POLICY_NAME = staticTokenPolicy("tok", "http://127.0.0.1:4000").name;

let sim: AzureSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const policyNames = (clients: ReturnType<typeof createArmClients>) =>
  clients.network.pipeline.getOrderedPolicies().map((p) => p.name);

describe("createArmClients", () => {
  it.each([
    "http://10.0.0.5:8080",
    "http://management.example.com",
    "http://localhost.evil.example",
    "http://127.0.0.1.nip.io",
  ])("refuses a static token over plain http to non-loopback %s", (endpoint) => {
    let error: unknown;
    try {
      createArmClients({ subscriptionId: SUB, endpoint, staticToken: "secret" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AjarError);
    expect(error).toMatchObject({ code: "CONFIG.INVALID" });
    expect((error as Error).message).toMatch(/AZURE_ARM_ENDPOINT/);
    expect((error as Error).message).toMatch(/AZURE_ARM_TOKEN/);
    expect((error as Error).message).not.toContain("secret");
  });

  it("refuses plain http without a static token (the SDK would not send a credential token there)", () => {
    expect(() => createArmClients({ subscriptionId: SUB, endpoint: "http://127.0.0.1:1" })).toThrow(
      /set AZURE_ARM_TOKEN/,
    );
  });

  it("refuses a subscription id that is not a GUID", () => {
    expect(() =>
      createArmClients({ subscriptionId: "../../x", endpoint: "http://127.0.0.1:1", staticToken: "t" }),
    ).toThrow(/not a subscription id/);
  });

  it("for loopback http swaps the bearer policy for the static-token policy", () => {
    const clients = createArmClients({ subscriptionId: SUB, endpoint: "http://127.0.0.1:1/", staticToken: "t" });
    expect(clients.endpoint).toBe("http://127.0.0.1:1");
    expect(policyNames(clients)).toContain(STATIC_TOKEN_POLICY_NAME);
    expect(policyNames(clients)).not.toContain(bearerTokenAuthenticationPolicyName);
    expect(clients.authorization.pipeline.getOrderedPolicies().map((p) => p.name)).toContain(STATIC_TOKEN_POLICY_NAME);
  });

  it("for https keeps the SDK's bearer policy and asks the credential for the endpoint's own scope", async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (s) => {
        scopes.push(...(Array.isArray(s) ? s : [s]));
        return { token: "t", expiresOnTimestamp: Date.now() + 60_000 };
      },
    };
    const clients = createArmClients({
      subscriptionId: SUB,
      endpoint: "https://127.0.0.1:1",
      credential,
      retryOptions: { maxRetries: 0 },
    });
    expect(policyNames(clients)).toContain(bearerTokenAuthenticationPolicyName);
    expect(policyNames(clients)).not.toContain(STATIC_TOKEN_POLICY_NAME);
    await errorOf(clients.network.networkSecurityGroups.get(RG, "x"));
    expect(scopes).toEqual(["https://127.0.0.1:1/.default"]);
  });

  it("talks to the simulator with the real SDK", async () => {
    sim = await startDemoSimulator({ acceptedTokens: ["local-token"] });
    const clients = createArmClients({ subscriptionId: SUB, endpoint: sim.url, staticToken: "local-token" });
    expect((await clients.network.networkSecurityGroups.get(RG, "nsg-snet-app")).name).toBe("nsg-snet-app");
  });
});

describe("static-token policy", () => {
  const send = async (url: string) => {
    const request = createPipelineRequest({ url });
    let seen: PipelineRequest | undefined;
    await staticTokenPolicy("tok", "http://127.0.0.1:4000").sendRequest(request, async (r) => {
      seen = r;
      return { request: r, status: 200, headers: createHttpHeaders() } as PipelineResponse;
    });
    return seen as PipelineRequest;
  };

  it("sends the token only to the configured origin", async () => {
    expect((await send("http://127.0.0.1:4000/subscriptions")).headers.get("authorization")).toBe("Bearer tok");
    expect((await send("http://127.0.0.1:4001/elsewhere")).headers.get("authorization")).toBeUndefined();
    expect((await send("https://attacker.example/poll")).headers.get("authorization")).toBeUndefined();
  });

  it("allows insecure connections only to loopback", async () => {
    expect((await send("http://127.0.0.1:4000/x")).allowInsecureConnection).toBe(true);
    expect((await send("http://192.168.1.1/x")).allowInsecureConnection).toBeFalsy();
  });
});

describe("loopback detection", () => {
  it.each([
    ["http://127.0.0.1:4000/", true],
    ["http://127.8.9.10/", true],
    ["http://LOCALHOST/", true],
    ["http://[::1]:8443/x", true],
    ["http://[0:0:0:0:0:0:0:1]/", true],
    ["http://127.0.0.1.nip.io/", false],
    ["http://localhost.example.com/", false],
    ["http://128.0.0.1/", false],
    ["http://10.0.0.1/", false],
    ["not a url", false],
  ])("%s → %s", (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});

describe("ArmClientCache", () => {
  it("creates clients once per subscription", () => {
    const cache = new ArmClientCache({ endpoint: "http://127.0.0.1:1", staticToken: "t" });
    const a = cache.forSubscription(SUB);
    expect(cache.forSubscription(SUB.toUpperCase())).toBe(a);
    const other = cache.forSubscription("00000000-0000-0000-0000-000000000002");
    expect(other).not.toBe(a);
    expect(other.subscriptionId).toBe("00000000-0000-0000-0000-000000000002");
  });

  it("validates the endpoint and token at construction", () => {
    expect(() => new ArmClientCache({ endpoint: "http://10.1.1.1", staticToken: "t" })).toThrow(
      /plain http on a non-loopback host/,
    );
  });
});
