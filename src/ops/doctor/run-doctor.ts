import { webApi } from "@slack/bolt";

import { createEntraDirectory } from "../../adapters/graph/create-entra-directory.js";
import { SlackDirectory } from "../../adapters/slack/slack-directory.js";
import type { Settings } from "../../app/settings.js";
import type { EnvConfig } from "../../config/env-config.js";
import { azureFromEnv } from "../../runtime/azure-from-env.js";
import { checkAzure } from "./azure-checks.js";
import type { AzureProbe } from "./azure-probe.js";
import { errorText, fail, skip, withTimeout, type CheckResult } from "./check.js";
import { checkConfig } from "./config-checks.js";
import { checkEntra } from "./entra-checks.js";
import { checkRedis } from "./redis-checks.js";
import { sdkAzureProbe } from "./sdk-azure-probe.js";
import { checkSlack } from "./slack-checks.js";

export interface DoctorOptions {
  manifestPath?: string;
  /** Replaces the SDK-backed probe (tests, or a different credential). */
  azureProbe?: (env: EnvConfig, settings: Settings) => AzureProbe;
  /** Per network call; the Azure checks get ten times this in total. */
  timeoutMs?: number;
  /** A Slack user id to map to Entra ID end to end. */
  sampleSlackUser?: string;
}

/** Graph permissions and a sample mapping, only when the configuration reads Entra ID. */
async function entraChecks(env: EnvConfig, settings: Settings, options: DoctorOptions): Promise<CheckResult[]> {
  if (!settings.entra) return [];
  try {
    const { graph, entra } = createEntraDirectory({
      endpoint: env.AZURE_GRAPH_ENDPOINT,
      ...(env.AZURE_GRAPH_TOKEN ? { staticToken: env.AZURE_GRAPH_TOKEN } : {}),
      cacheTtlSeconds: 0,
      retryOptions: { maxRetries: 1 },
    });
    const client = new webApi.WebClient(env.SLACK_BOT_TOKEN ?? "", {
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      retryConfig: { retries: 0 },
    });
    const identity = { settings, directory: new SlackDirectory(client), entra };
    return await withTimeout((options.timeoutMs ?? 10_000) * 3, "Microsoft Graph", () =>
      checkEntra({ graph, identity, ...(options.sampleSlackUser ? { sampleSlackUser: options.sampleSlackUser } : {}) }),
    );
  } catch (error) {
    return [
      fail(
        "entra",
        errorText(error),
        "check AZURE_GRAPH_ENDPOINT / AZURE_GRAPH_TOKEN, or unset them to use DefaultAzureCredential against https://graph.microsoft.com",
      ),
    ];
  }
}

function defaultProbe(env: EnvConfig, settings: Settings): AzureProbe {
  return sdkAzureProbe(
    // One retry: a doctor should report a throttled or flaky ARM, not wait it out.
    azureFromEnv(env, settings, { retryOptions: { maxRetries: 1 } }),
  );
}

async function azureChecks(env: EnvConfig, settings: Settings, options: DoctorOptions): Promise<CheckResult[]> {
  let probe: AzureProbe;
  try {
    probe = (options.azureProbe ?? defaultProbe)(env, settings);
  } catch (error) {
    return [
      fail(
        "azure credentials",
        errorText(error),
        "set AZURE_ARM_ENDPOINT / AZURE_ARM_TOKEN correctly, or unset them to use DefaultAzureCredential",
      ),
    ];
  }
  const limit = (options.timeoutMs ?? 10_000) * 10;
  try {
    return await withTimeout(limit, "Azure Resource Manager", () => checkAzure(settings, probe));
  } catch (error) {
    return [
      fail(
        "azure",
        errorText(error),
        "check network access to AZURE_ARM_ENDPOINT and the credential (az login, managed identity, AZURE_CLIENT_ID/SECRET)",
      ),
    ];
  }
}

/** Every check, in a stable order: configuration, Redis, Slack, Azure. Independent parts run in parallel. */
export async function runDoctor(rawEnv: NodeJS.ProcessEnv, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const config = checkConfig(rawEnv);
  const { env, settings } = config;
  if (!env)
    return [
      ...config.results,
      skip("redis", "needs a valid environment"),
      skip("slack", "needs a valid environment"),
      skip("azure", "needs a valid environment"),
    ];
  const timeoutMs = options.timeoutMs ?? 5000;
  const [redis, slack, azure, entra] = await Promise.all([
    checkRedis(env.REDIS_URL, timeoutMs),
    checkSlack({
      ...(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      ...(options.manifestPath ? { manifestPath: options.manifestPath } : {}),
      timeoutMs,
    }),
    settings ? azureChecks(env, settings, options) : Promise.resolve([skip("azure", "needs a valid configuration")]),
    settings ? entraChecks(env, settings, options) : Promise.resolve([]),
  ]);
  return [...config.results, ...redis, ...slack, ...azure, ...entra];
}
