import { readEnv } from "../../config/env-config.js";
import { loadConfigFile } from "../../config/load-config.js";
import { configuredFirewalls } from "../../domain/firewall/firewall-for-vm.js";
import { policyScopes } from "../../ops/policy-scopes.js";
import { firewallActions } from "../../ops/role/firewall-actions.js";
import { graphPermissionsText } from "../../ops/role/graph-permissions.js";
import { customRole } from "../../ops/role/role-definition.js";
import { cliArgs } from "../cli-args.js";
import type { CliCommand } from "./command.js";

const USAGE = "ajar role [--bot | --requester] [--scope /subscriptions/<id>]...";

/** Assignable scopes: the ones given, else every subscription the configuration reaches. */
function scopesFrom(given: string[] | undefined, env: NodeJS.ProcessEnv): string[] | undefined {
  if (given && given.length > 0) return given;
  try {
    const scopes = policyScopes(loadConfigFile(readEnv(env).AJAR_CONFIG)).subscriptions;
    return scopes.length > 0 ? scopes : undefined;
  } catch {
    return undefined;
  }
}

/** The firewall actions for the firewalls the configuration names, when there is a readable configuration. */
function firewallActionsFrom(env: NodeJS.ProcessEnv): string[] {
  try {
    return firewallActions(configuredFirewalls(loadConfigFile(readEnv(env).AJAR_CONFIG).policies));
  } catch {
    return [];
  }
}

export const roleCommand: CliCommand = {
  summary: "print a least-privilege Azure custom role (JSON) for ajar's identity or for requesters",
  async run(args, env) {
    const parsed = cliArgs(
      args,
      { bot: { type: "boolean" }, requester: { type: "boolean" }, scope: { type: "string", multiple: true } },
      USAGE,
    );
    if (!parsed) return 2;
    const { bot, requester, scope } = parsed.values;
    if (bot && requester) {
      console.error(
        `Choose one of --bot and --requester: az role definition create takes one role per file.\nUsage: ${USAGE}`,
      );
      return 2;
    }
    const scopes = scopesFrom(scope, env);
    if (!scopes) {
      console.error(
        `No scope: pass --scope /subscriptions/<id> (repeatable), or set AJAR_CONFIG to a configuration naming subscriptions.\nUsage: ${USAGE}`,
      );
      return 2;
    }
    const bad = scopes.find((s) => !s.startsWith("/"));
    if (bad) {
      console.error(
        `"${bad}" is not a scope: scopes look like /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>.`,
      );
      return 2;
    }
    // stdout carries only the JSON, so `ajar role > ajar-bot.json` is ready for `az role definition create`.
    console.log(JSON.stringify(customRole(requester ? "requester" : "bot", scopes, firewallActionsFrom(env)), null, 2));
    // The bot's Graph permissions are not an ARM role: they go beside it, on stderr.
    if (!requester) console.error(graphPermissionsText());
    return 0;
  },
};
