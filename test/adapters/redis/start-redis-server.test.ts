import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";

import {
  findRedisServer,
  startRedisServer,
  type PrivateRedis,
} from "../../../src/adapters/redis/start-redis-server.js";

describe("startRedisServer", () => {
  const started: PrivateRedis[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop("SIGKILL")));
  });

  it("keeps data across a crash when append-only persistence is on", async () => {
    const first = await startRedisServer({ appendOnly: true });
    started.push(first);
    const client = new Redis(first.url);
    await client.set("k", "v");
    client.disconnect();
    await first.stop("SIGKILL");

    const second = await startRedisServer({ appendOnly: true, dir: first.dir });
    started.push(second);
    const again = new Redis(second.url);
    expect(await again.get("k")).toBe("v");
    again.disconnect();
  });

  it("names the fix when the binary is missing", () => {
    expect(() => findRedisServer("/nonexistent/redis-server")).toThrow(/apt-get install -y redis-server/);
  });
});
