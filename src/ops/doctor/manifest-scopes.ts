import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { parse as parseYaml } from "yaml";

/** manifest.yml at the repository root, from both src/ops/doctor and dist/ops/doctor. */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(new URL("../../../manifest.yml", import.meta.url));

/**
 * The bot scopes the Slack app manifest asks for (`oauth_config.scopes.bot`): the single source of
 * truth, so the doctor never drifts from what operators install.
 */
export function readManifestScopes(path = DEFAULT_MANIFEST_PATH): string[] {
  const doc = parseYaml(readFileSync(path, "utf8")) as { oauth_config?: { scopes?: { bot?: unknown } } } | null;
  const bot = doc?.oauth_config?.scopes?.bot;
  if (!Array.isArray(bot) || bot.some((s) => typeof s !== "string"))
    throw new Error(`${path} has no oauth_config.scopes.bot list`);
  return bot as string[];
}
