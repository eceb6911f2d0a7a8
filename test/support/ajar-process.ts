import { loadAzureSeed, startAzureSimulator } from "../../src/simulators/azure/index.js";
import { startSlackSimulator } from "../../src/simulators/slack/index.js";
import { spawnAjarProcess, type AjarProcess } from "./ajar-bundle.js";
import { E2E_SEED, USERS } from "./e2e.js";
import { createTestRedis, deleteKeys, testRedisUrl, uniquePrefix } from "./redis.js";

/** Runs `ajar <role>` as its own process against the simulators and the test run's Redis. */
export function spawnAjar(
  role: "all" | "web" | "worker",
  options: {
    config: Record<string, unknown>;
    prefix: string;
    azureUrl: string;
    slackApiUrl: string;
    botToken: string;
    env?: Record<string, string>;
  },
): Promise<AjarProcess> {
  return spawnAjarProcess(role, { ...options, redisUrl: testRedisUrl() });
}

/**
 * What a separate ajar process needs around it: the ARM simulator on the e2e estate, the Slack
 * simulator and a key prefix of its own, each registered for clean-up.
 */
export async function processEstate(
  cleanups: (() => Promise<void> | void)[],
  label: string,
  botToken: string,
  operationDelayMs: number,
) {
  const azure = await startAzureSimulator({ seed: await loadAzureSeed(E2E_SEED), operationDelayMs });
  cleanups.push(() => azure.close());
  const slack = await startSlackSimulator({ botToken, users: USERS });
  cleanups.push(() => slack.close());
  const prefix = `${uniquePrefix(label)}:`;
  cleanups.push(async () => {
    const redis = createTestRedis();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });
  return { azure, slack, prefix };
}
