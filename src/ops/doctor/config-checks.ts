import type { Settings } from "../../app/settings.js";
import { readEnv, type EnvConfig } from "../../config/env-config.js";
import { loadConfigFile } from "../../config/load-config.js";
import { errorText, fail, pass, type CheckResult } from "./check.js";

export interface ConfigCheckOutcome {
  results: CheckResult[];
  env?: EnvConfig;
  settings?: Settings;
}

/** The environment and AJAR_CONFIG; later checks run only on what parsed. */
export function checkConfig(rawEnv: NodeJS.ProcessEnv): ConfigCheckOutcome {
  let env: EnvConfig;
  try {
    env = readEnv(rawEnv);
  } catch (error) {
    return { results: [fail("environment", errorText(error), "correct the variables named above (see .env.example)")] };
  }
  const results = [pass("environment", "variables parse")];
  try {
    const settings = loadConfigFile(env.AJAR_CONFIG);
    const summary = `${env.AJAR_CONFIG}: ${settings.policies.length} policies, ${settings.identities.length} identities`;
    return { results: [...results, pass("config", summary)], env, settings };
  } catch (error) {
    const message = errorText(error)
      .replace(/:\n\s*/, ": ")
      .replace(/\n\s*/g, "; ");
    return {
      results: [
        ...results,
        fail("config", message, `edit ${env.AJAR_CONFIG} (every key is documented in ajar.example.yaml)`),
      ],
      env,
    };
  }
}
