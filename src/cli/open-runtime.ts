import type { Settings } from "../app/settings.js";
import { ConfigError, readEnv, type EnvConfig } from "../config/env-config.js";
import { loadConfigFile } from "../config/load-config.js";
import { createLogger } from "../observability/logger.js";
import { azureFromEnv } from "../runtime/azure-from-env.js";
import { buildRuntime, type Runtime } from "../runtime/build-runtime.js";
import { entraFromEnv } from "./entra-from-env.js";

export interface OpenedRuntime {
  env: EnvConfig;
  settings: Settings;
  runtime: Runtime;
}

/** Reads env and config, then wires the real adapters: what every real (non-demo) command starts from. */
export function openRuntime(
  rawEnv: NodeJS.ProcessEnv,
  options: { needsSlack?: boolean; workerThread?: boolean } = {},
): OpenedRuntime {
  const env = readEnv(rawEnv);
  const settings = {
    ...loadConfigFile(env.AJAR_CONFIG),
    ...(env.AJAR_PUBLIC_URL ? { publicUrl: env.AJAR_PUBLIC_URL } : {}),
  };
  if (options.needsSlack !== false && (!env.SLACK_BOT_TOKEN || (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN))) {
    throw new ConfigError(
      "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode). To try ajar without Slack or Azure, run `npm run demo`.",
    );
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  const azure = azureFromEnv(env, settings);
  const entra = entraFromEnv(env, settings);
  const runtime = buildRuntime({
    settings,
    redisUrl: env.REDIS_URL,
    prefix: env.AJAR_KEY_PREFIX,
    slack: { botToken: env.SLACK_BOT_TOKEN ?? "", ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) },
    azure,
    ...(entra ? { entra } : {}),
    logger,
    ...(options.workerThread ? { workerThread: true } : {}),
  });
  return { env, settings, runtime };
}

/** Opens the runtime without Slack for one piece of work, and closes it whatever happens. */
export async function withRuntime<T>(rawEnv: NodeJS.ProcessEnv, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const { runtime } = openRuntime(rawEnv, { needsSlack: false });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
