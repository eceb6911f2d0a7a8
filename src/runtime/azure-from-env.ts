import { createAzurePorts, type AzurePorts, type AzurePortsOptions } from "../adapters/azure/create-azure-ports.js";
import type { Settings } from "../app/settings.js";
import type { EnvConfig } from "../config/env-config.js";

/** The Azure ports for the configured endpoint and credential (a static token or DefaultAzureCredential). */
export function azureFromEnv(
  env: EnvConfig,
  settings: Settings,
  extra: Pick<AzurePortsOptions, "retryOptions"> = {},
): AzurePorts {
  return createAzurePorts({
    endpoint: env.AZURE_ARM_ENDPOINT,
    ...(env.AZURE_ARM_TOKEN ? { staticToken: env.AZURE_ARM_TOKEN } : {}),
    pollIntervalMs: settings.armPollIntervalMs,
    ...extra,
  });
}
